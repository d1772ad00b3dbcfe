import { MemoryEventStore } from '@app/event-store';
import { InProcessLeaseManager } from '../leases/in-process-lease-manager';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { countingProjection } from '../testing/counting-projection';
import { ProjectionFailedError } from './apply-batch';
import type { RunnerSnapshot } from './projection-runner';
import { PositionWaitTimeout, Projector } from './projector';

/**
 * A projector that does not run its projections here but mirrors where a projections thread's
 * stand (the embedded default): waits and status follow the snapshots the thread sends.
 */
describe('a projector mirroring its projections thread', () => {
  const given = () =>
    new Projector({
      events: new MemoryEventStore(),
      documents: new MemoryDocumentStore(),
      leases: new InProcessLeaseManager(),
      projections: [countingProjection()],
    });
  const running = (position: number, caughtUp = true): RunnerSnapshot => ({
    projection: 'counting',
    state: 'running',
    version: 1,
    position: String(position),
    caughtUp,
  });

  it('given the thread has applied position 5, when waiting for 5, then the wait ends at once', async () => {
    const projector = given();
    projector.mirror([running(5)]);
    await expect(projector.waitForPosition(5n, 10)).resolves.toBeUndefined();
  });

  it('given the thread is at 5, when waiting for 6, then the wait ends when the thread reports 6', async () => {
    const projector = given();
    projector.mirror([running(5)]);
    const waiting = projector.waitForPosition(6n, 10_000);
    projector.mirror([running(6)]);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('given the thread stays at 5, when waiting for 6, then the wait times out as behind', async () => {
    const projector = given();
    projector.mirror([running(5)]);
    await expect(projector.waitForPosition(6n, 30)).rejects.toBeInstanceOf(PositionWaitTimeout);
  });

  it("given the thread's projection failed on an event, when waiting past it, then the wait fails naming the event", async () => {
    const projector = given();
    projector.mirror([
      {
        projection: 'counting',
        state: 'failed',
        version: 1,
        position: '6',
        caughtUp: false,
        failure: { position: '7', eventType: 'PupilRegistered', cause: 'boom' },
      },
    ]);
    const failure = projector.waitForPosition(8n, 1_000);
    await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(failure).rejects.toThrow(
      'Projection counting stopped at position 7 (PupilRegistered): boom',
    );
    const [status] = await projector.status();
    expect(status).toMatchObject({ state: 'failed', failedAt: '7', caughtUp: false });
  });

  it("given the thread runs the projection, when asked for status, then it is the thread's", async () => {
    const projector = given();
    projector.mirror([running(0, false)]);
    expect((await projector.status())[0]).toMatchObject({ state: 'running', caughtUp: false });
    projector.mirror([running(0, true)]);
    expect((await projector.status())[0]).toMatchObject({ state: 'running', caughtUp: true });
  });

  it('given the thread ended, when waiting, then the position is read from the store', async () => {
    const projector = given();
    projector.mirror([running(5)]);
    projector.mirror([{ projection: 'counting', state: 'stopped', caughtUp: false }]);
    await expect(projector.waitForPosition(5n, 30)).rejects.toBeInstanceOf(PositionWaitTimeout);
    expect((await projector.status())[0].state).toBe('stopped');
  });
});
