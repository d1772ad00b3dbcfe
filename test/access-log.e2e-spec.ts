/**
 * Who looked (issue 6, item 4), over HTTP: each sensitive read (a family's history as JSON or
 * HTML, a pupil's state as of a date) leaves exactly one access record naming who, in what role,
 * when, what and why; a read without a purpose, a refused read and a read of nothing leave none;
 * only auditors read the access log, and its own hash chain shows a record rewritten in the store.
 */
import { ACCESS_LOG_STREAM } from '@app/application';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const PURPOSE = 'Complaint investigation, reference C-2026-014';

interface AccessRecord {
  sequence: string;
  userId: string;
  role: string;
  at: string;
  kind: string;
  familyId?: string;
  pupilId?: string;
  purpose: string;
  details?: Record<string, string>;
  correlationId?: string;
}

describe('the access log', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:00:00.000Z');
  const tokens: Record<string, string> = {};
  let familyId: string;
  let pupilId: string;

  const get = (role: string, path: string) =>
    request(t.http).get(path).set('Authorization', `Bearer ${tokens[role]}`);
  const log = async (query = ''): Promise<AccessRecord[]> =>
    (await get('auditor', `/audit/access-log?limit=500${query}`).expect(200)).body.records;
  /** Runs `read` and returns the access records it added. */
  const recordedBy = async (read: () => Promise<unknown>): Promise<AccessRecord[]> => {
    const before = (await log()).length;
    await read();
    const after = await log();
    return after.slice(0, after.length - before);
  };
  const history = (familyQuery: string) => `/families/${familyId}/history?${familyQuery}`;
  const asOf = (query: string) => `/pupils/${pupilId}/as-of?${query}`;
  const purpose = `purpose=${encodeURIComponent(PURPOSE)}`;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => now });
    for (const role of ['link-worker', 'panel-chair', 'attendance-officer', 'auditor'])
      tokens[role] = await t.token(role as never, `${role}-1`, ['school-a']);
    const post = (path: string, body: object) =>
      request(t.http)
        .post(path)
        .set('Authorization', `Bearer ${tokens['link-worker']}`)
        .send(body)
        .expect((r) => expect(r.status).toBeLessThan(300));
    familyId = (await post('/families', { reference: 'F-9' })).body.familyId;
    pupilId = (
      await post('/pupils', {
        reference: 'P-9',
        dateOfBirth: '2013-02-02',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 7,
      })
    ).body.pupilId;
    await post(`/families/${familyId}/pupils`, { pupilId });
    now = new Date('2026-03-03T10:00:00.000Z');
  });
  afterAll(() => t.close());

  it("records one access for a read of a family's history, with who, role, when, what and why", async () => {
    const added = await recordedBy(() =>
      get('auditor', history(purpose))
        .set('X-Correlation-Id', 'audit-read-0001')
        .expect(200)
        .expect('Cache-Control', 'no-store'),
    );
    expect(added).toEqual([
      {
        sequence: expect.any(String),
        userId: 'auditor-1',
        role: 'auditor',
        at: '2026-03-03T10:00:00.000Z',
        kind: 'family-history',
        familyId,
        purpose: PURPOSE,
        details: { format: 'json' },
        correlationId: 'audit-read-0001',
      },
    ]);
  });

  it('records one access for the printable HTML history, with the filters asked for', async () => {
    const added = await recordedBy(() =>
      get('attendance-officer', history(`${purpose}&format=html&pupilId=${pupilId}`))
        .expect(200)
        .expect('Cache-Control', 'no-store'),
    );
    expect(added).toEqual([
      expect.objectContaining({
        userId: 'attendance-officer-1',
        role: 'attendance-officer',
        kind: 'family-history',
        familyId,
        purpose: PURPOSE,
        details: { format: 'html', pupilId },
      }),
    ]);
  });

  it("records one access for a pupil's state as of a date, with the moment asked about", async () => {
    const added = await recordedBy(() =>
      get('panel-chair', asOf(`at=2026-03-01&${purpose}`))
        .expect(200)
        .expect('Cache-Control', 'no-store'),
    );
    expect(added).toEqual([
      expect.objectContaining({
        userId: 'panel-chair-1',
        role: 'panel-chair',
        kind: 'pupil-state-as-of',
        pupilId,
        purpose: PURPOSE,
        details: { at: '2026-03-01T23:59:59.999Z' },
      }),
    ]);
  });

  it.each([
    ['without a purpose', ''],
    ['with a blank purpose', 'purpose=%20%20%20'],
    ['with a purpose too short to say anything', 'purpose=audit'],
  ])('refuses a read %s (400) and records nothing', async (_, query) => {
    for (const path of [history(query), asOf(`at=2026-03-01&${query}`)]) {
      const added = await recordedBy(async () => {
        const response = await get('auditor', path).expect(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body.errors).toEqual([
          { field: 'purpose', messages: [expect.stringMatching(/purpose/)] },
        ]);
      });
      expect(added).toEqual([]);
    }
  });

  it('records nothing for a read refused to a role without the capability', async () => {
    const added = await recordedBy(async () => {
      await get('link-worker', history(purpose)).expect(403);
      await get('link-worker', asOf(`at=2026-03-01&${purpose}`)).expect(403);
    });
    expect(added).toEqual([]);
  });

  it('records nothing for a read that is not valid or finds nothing', async () => {
    const added = await recordedBy(async () => {
      await get('auditor', asOf(`at=last-tuesday&${purpose}`)).expect(400);
      await get('auditor', asOf(purpose)).expect(400);
      await get('auditor', history(`${purpose}&recordedFrom=soon`)).expect(400);
      await get('auditor', history(`${purpose}&cursor=abc`)).expect(400);
      await get(
        'auditor',
        `/families/00000000-0000-4000-8000-000000000000/history?${purpose}`,
      ).expect(404);
    });
    expect(added).toEqual([]);
  });

  it('is for auditors only: a link worker, a panel chair and an attendance officer get 403', async () => {
    for (const role of ['link-worker', 'panel-chair', 'attendance-officer'])
      await get(role, '/audit/access-log').expect(403);
  });

  it('filters by who, what, which family or pupil and when; pages newest first or oldest first', async () => {
    now = new Date('2026-03-04T10:00:00.000Z');
    await get('auditor', asOf(`at=2026-03-04&${purpose}`)).expect(200);
    const all = await log();
    expect(all.map((r) => Number(r.sequence))).toEqual(
      [...all.map((r) => Number(r.sequence))].sort((a, b) => b - a),
    );
    expect((await log('&userId=panel-chair-1')).map((r) => r.kind)).toEqual(['pupil-state-as-of']);
    expect((await log(`&kind=family-history&familyId=${familyId}`)).length).toBe(2);
    expect((await log(`&pupilId=${pupilId}`)).length).toBe(2);
    expect((await log('&from=2026-03-04&to=2026-03-04')).map((r) => r.at)).toEqual([
      '2026-03-04T10:00:00.000Z',
    ]);
    const oldest = (
      await get('auditor', '/audit/access-log?order=oldest-first&limit=2').expect(200)
    ).body;
    expect(oldest.records.map((r: AccessRecord) => r.sequence)).toEqual(['0', '1']);
    const next = (
      await get(
        'auditor',
        `/audit/access-log?order=oldest-first&limit=2&cursor=${oldest.nextCursor}`,
      ).expect(200)
    ).body;
    expect(next.records[0].sequence).toBe('2');
    await get('auditor', '/audit/access-log?kind=everything').expect(400);
  });

  it('is hash-chained: a record rewritten in the store is named by /audit/verify', async () => {
    const verify = () =>
      get('auditor', `/audit/verify/${ACCESS_LOG_STREAM}`)
        .expect(200)
        .then((r) => r.body);
    expect(await verify()).toEqual({
      streamsChecked: 1,
      eventsChecked: (await log()).length,
      brokenLinks: [],
    });
    const db = new Database(path.join(t.config.dataDir, 'events.db'));
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.purpose', 'Nothing to see here') WHERE stream_id = ? AND revision = 1`,
    ).run(ACCESS_LOG_STREAM);
    db.close();
    expect((await verify()).brokenLinks).toEqual([
      {
        streamId: ACCESS_LOG_STREAM,
        revision: '1',
        eventId: expect.any(String),
        type: 'SensitiveDataRead',
        reason: 'content-altered',
      },
    ]);
  });
});
