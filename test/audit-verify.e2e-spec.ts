import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('verifying that nothing was altered', () => {
  let t: TestApp;
  let auditor: string;
  let pupilId: string;
  beforeAll(async () => {
    t = await startTestApp();
    auditor = await t.token('auditor', 'auditor-1');
    const officer = await t.token('attendance-officer', 'officer-1');
    pupilId = (
      await request(t.http).post('/pupils').set('Authorization', `Bearer ${officer}`).send({
        reference: 'P',
        dateOfBirth: '2012-05-10',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 8,
      })
    ).body.pupilId;
    for (const summary of ['One', 'Two', 'Three'])
      await request(t.http)
        .post(`/pupils/${pupilId}/concerns`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ summary })
        .expect(201);
  });
  afterAll(() => t.close());

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, DATA_DIR: t.config.dataDir },
      encoding: 'utf8',
    });

  it('reports every chain intact, over HTTP and from the command line', async () => {
    const response = await request(t.http)
      .get(`/audit/verify/pupil-${pupilId}`)
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(response.body).toEqual({ streamsChecked: 1, eventsChecked: 4, brokenLinks: [] });
    const run = cli();
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).brokenLinks).toEqual([]);
  });

  it('names the altered event, over HTTP and from the command line (exit code 1)', async () => {
    const db = new Database(path.join(t.config.dataDir, 'events.db'));
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.summary', 'rewritten') WHERE stream_id = ? AND revision = 2`,
    ).run(`pupil-${pupilId}`);
    db.close();
    const response = await request(t.http)
      .get('/audit/verify')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(response.body.brokenLinks).toEqual([
      {
        streamId: `pupil-${pupilId}`,
        revision: '2',
        eventId: expect.any(String),
        type: 'ConcernRaised',
        reason: 'content-altered',
      },
    ]);
    const run = cli('--stream', `pupil-${pupilId}`);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).brokenLinks[0]).toMatchObject({
      revision: '2',
      reason: 'content-altered',
    });
  });

  it('refuses a malformed stream id', async () => {
    await request(t.http)
      .get('/audit/verify/not-a-stream')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(400);
  });
});
