import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { MemoryDocumentStore } from '@app/read-models';
import { randomUUID } from 'node:crypto';
import {
  ProcessManager,
  processManagerCheckpoint,
  ProcessManagerRunner,
} from './process-manager-runner';

const meta = { actor: 't', role: 't', correlationId: 'c', causationId: 'c', occurredAt: '' };
async function append(store: MemoryEventStore, streamId: string, type: string) {
  return (
    await store.appendToStream(
      streamId,
      [
        {
          id: randomUUID(),
          type,
          data: {},
          metadata: { ...meta, occurredAt: new Date().toISOString() },
        },
      ],
      { expectedRevision: 'any' },
    )
  ).position;
}

/** Records what it was given; fails the first delivery of events whose type is in `failOnce`. */
function recorder(failOnce: string[] = []): ProcessManager & { seen: string[] } {
  const failed = new Set<string>();
  const seen: string[] = [];
  return {
    name: 'recorder',
    streamPrefixes: ['pupil-'],
    seen,
    async handle(event: RecordedEvent) {
      if (failOnce.includes(event.type) && !failed.has(event.id)) {
        failed.add(event.id);
        throw new Error('transient');
      }
      seen.push(`${event.streamId} ${event.type}`);
    },
  };
}

describe('the process-manager runner', () => {
  let store: MemoryEventStore;
  let documents: MemoryDocumentStore;
  const runners: ProcessManagerRunner[] = [];
  const run = (manager: ProcessManager, checkpointEvery = 100) => {
    const runner = new ProcessManagerRunner({
      events: store,
      documents,
      managers: [manager],
      retryMs: 10,
      checkpointEvery,
    });
    runners.push(runner);
    runner.start();
    return runner;
  };
  beforeEach(() => {
    store = new MemoryEventStore();
    documents = new MemoryDocumentStore();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  it('hands every event of its streams to the manager once, in order, from the start', async () => {
    await append(store, 'pupil-1', 'A');
    await append(store, 'family-1', 'Ignored');
    await append(store, 'pupil-2', 'B');
    const manager = recorder();
    const runner = run(manager);
    const last = await append(store, 'pupil-1', 'C');
    await runner.waitForPosition(last);
    expect(manager.seen).toEqual(['pupil-1 A', 'pupil-2 B', 'pupil-1 C']);
    expect(await documents.getCheckpoint(processManagerCheckpoint('recorder'))).toBe(
      last.toString(),
    );
  });

  it('after a restart, goes on from its checkpoint without handing over what it had handled', async () => {
    await append(store, 'pupil-1', 'A');
    const first = recorder();
    const runner = run(first);
    await runner.waitForPosition(await append(store, 'pupil-1', 'B'));
    await runner.stop();
    const again = recorder();
    const restarted = run(again);
    await restarted.waitForPosition(await append(store, 'pupil-1', 'C'));
    expect(first.seen).toEqual(['pupil-1 A', 'pupil-1 B']);
    expect(again.seen).toEqual(['pupil-1 C']);
  });

  it('hands an event over again after a transient failure, and holds back the events after it until then', async () => {
    await append(store, 'pupil-1', 'A');
    await append(store, 'pupil-1', 'Flaky');
    const last = await append(store, 'pupil-1', 'C');
    const manager = recorder(['Flaky']);
    const errors: string[] = [];
    const runner = new ProcessManagerRunner({
      events: store,
      documents,
      managers: [manager],
      retryMs: 10,
      onError: (name, error, event) => errors.push(`${name} ${event?.type} ${String(error)}`),
    });
    runners.push(runner);
    runner.start();
    await runner.waitForPosition(last);
    // At least once: A may be handed over again after the failure (its checkpoint had not moved).
    expect(manager.seen.filter((s) => s !== 'pupil-1 A')).toEqual(['pupil-1 Flaky', 'pupil-1 C']);
    expect(errors).toEqual(['recorder Flaky Error: transient']);
  });

  it('while catching up, keeps its checkpoint every few events, so a crash replays only a few', async () => {
    for (let i = 0; i < 5; i += 1) await append(store, 'pupil-1', `E${i}`);
    const seenPositions: bigint[] = [];
    const manager: ProcessManager = {
      name: 'slow',
      async handle(event) {
        seenPositions.push(event.position);
      },
    };
    const runner = run(manager, 2);
    const last = await append(store, 'pupil-1', 'E5');
    await runner.waitForPosition(last);
    expect(seenPositions).toHaveLength(6);
    expect(await documents.getCheckpoint(processManagerCheckpoint('slow'))).toBe(last.toString());
  });

  it('once live, keeps its checkpoint shortly after the last event instead of once per event', async () => {
    let writes = 0;
    const counted = Object.create(documents) as MemoryDocumentStore;
    counted.transaction = (work) => {
      writes += 1;
      return documents.transaction(work);
    };
    const runner = new ProcessManagerRunner({
      events: store,
      documents: counted,
      managers: [recorder()],
      checkpointAfterMs: 50,
    });
    runners.push(runner);
    runner.start();
    await runner.waitForPosition(await append(store, 'pupil-1', 'First'));
    await new Promise((r) => setTimeout(r, 100));
    const before = writes;
    let last = 0n;
    for (let i = 0; i < 20; i += 1) last = await append(store, 'pupil-1', `Live${i}`);
    await runner.waitForPosition(last);
    for (
      let i = 0;
      i < 100 &&
      (await documents.getCheckpoint(processManagerCheckpoint('recorder'))) !== last.toString();
      i += 1
    )
      await new Promise((r) => setTimeout(r, 10));
    expect(await documents.getCheckpoint(processManagerCheckpoint('recorder'))).toBe(
      last.toString(),
    );
    expect(writes - before).toBeLessThan(20);
  });

  it('reports where each manager is', async () => {
    const runner = run(recorder());
    await runner.waitForPosition(await append(store, 'pupil-1', 'A'));
    expect(runner.status()).toEqual([
      { manager: 'recorder', handled: expect.any(String), caughtUp: true },
    ]);
  });

  it('gives up waiting with an error naming the manager', async () => {
    const runner = new ProcessManagerRunner({ events: store, documents, managers: [recorder()] });
    await expect(runner.waitForPosition(5n, 50)).rejects.toThrow(/recorder.*position 5/);
  });
});
