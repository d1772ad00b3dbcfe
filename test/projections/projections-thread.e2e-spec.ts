/**
 * The embedded default as `npm start` runs it: the projections on a worker thread of the api's
 * process (PROJECTIONS_THREAD, on by default). The main thread never projects, yet a query given a
 * command's position answers once the thread has projected it; the admin status is the thread's;
 * a rebuild asked for over HTTP is done by the thread; a thread that dies is started again and
 * carries on from its checkpoints; closing the app ends the thread after its batch.
 */
import { ProjectionsThread } from '@app/application';
import { PROJECTION_NAMES } from '@app/read-models';
import request from 'supertest';
import { registerPupil } from '../support/pupils';
import { startTestApp, TestApp } from '../support/test-app';

describe('projections on the projections thread (the embedded default)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let officer: string;
  let admin: string;
  let thread: ProjectionsThread;
  beforeAll(async () => {
    t = await startTestApp({ PROJECTIONS_THREAD: 'true', READ_YOUR_WRITES_TIMEOUT_MS: '20000' });
    officer = await t.token('attendance-officer', 'officer-1', ['school-a']);
    admin = await t.token('admin', 'admin-1');
    thread = t.app.get(ProjectionsThread);
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await t.close();
  });

  const register = (reference: string) => registerPupil(t.http, officer, reference);
  const caseload = async (position: string) =>
    (
      (
        await request(t.http)
          .get('/caseloads')
          .query({ position, schoolId: 'school-a' })
          .set('Authorization', `Bearer ${officer}`)
          .expect(200)
      ).body.items as { pupilId: string; reference: string }[]
    )
      .map((i) => i.reference)
      .sort();
  const status = async () =>
    (
      await request(t.http)
        .get('/admin/projections')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200)
    ).body as { projection: string; state: string; caughtUp: boolean; version: number }[];

  it('answers a query given a write position once the thread has projected it', async () => {
    const first = await register('P-1');
    expect(await caseload(first.position)).toEqual(['P-1']);
    const second = await register('P-2');
    expect(await caseload(second.position)).toEqual(['P-1', 'P-2']);
    expect(thread.starts).toBe(1);
  });

  it("reports the thread's projections as running and caught up", async () => {
    const projections = await status();
    // Each projection, and each casework view (a member of the casework group) by its own name.
    expect(projections.map((p) => p.projection).sort()).toEqual([...PROJECTION_NAMES].sort());
    expect(projections.length).toBeGreaterThanOrEqual(7);
    for (const p of projections) expect(p).toMatchObject({ state: 'running', caughtUp: true });
  });

  it('rebuilds a projection on the thread when an administrator asks, serving reads throughout', async () => {
    const before = (await status()).find((p) => p.projection === 'caseload')!.version;
    await request(t.http)
      .post('/admin/projections/caseload/rebuild')
      .set('Authorization', `Bearer ${admin}`)
      .expect(202);
    let after = before;
    for (let i = 0; i < 200 && after === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = (await status()).find((p) => p.projection === 'caseload')!.version;
    }
    expect(after).toBeGreaterThan(before);
    const third = await register('P-3');
    expect(await caseload(third.position)).toEqual(['P-1', 'P-2', 'P-3']);
  });

  it('starts a thread that died again, which carries on from its checkpoints', async () => {
    await thread.kill();
    // Written while no thread runs: the new thread projects it from the checkpoint.
    const fourth = await register('P-4');
    expect(await caseload(fourth.position)).toEqual(['P-1', 'P-2', 'P-3', 'P-4']);
    expect(thread.starts).toBe(2);
    const projections = await status();
    for (const p of projections) expect(p.state).toBe('running');
  });

  it('ends the thread when the app closes, after it has finished its batch', async () => {
    expect(thread.alive).toBe(true);
    await t.close();
    closed = true;
    expect(thread.alive).toBe(false);
  });
});
