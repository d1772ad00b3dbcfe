/**
 * Register imports through the API: a whole school's term, a file with every kind of bad row,
 * the same file twice, a later file that re-codes sessions, and the example file in docs/.
 */
import { CommandBus } from '@nestjs/cqrs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import type { RecordedEvent } from '@app/event-store';
import {
  GeneratedPupil,
  pupilsOf,
  registerLines,
  schoolDays,
  upnFor,
} from './support/register-files';
import { finishedImport, importRegister } from './support/imports';
import { registerPupils } from './support/register-pupils';
import { startTestApp, TestApp } from './support/test-app';

const TERM_START = '2025-09-01';
const TERM_DAYS = schoolDays(TERM_START, 7 * 13); // 13 weeks, 65 school days

describe('register imports over HTTP', () => {
  let t: TestApp;
  let officer: string;
  const school = pupilsOf(1, 600);
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    await registerPupils(t.app.get(CommandBus), school);
  }, 60_000);
  afterAll(() => t.close());

  const upload = (csv: string, query = '') =>
    request(t.http)
      .post(`/imports/registers${query}`)
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const finished = (importId: string) => finishedImport(t.http, officer, importId);
  const importFile = (csv: string, query = '') => importRegister(t.http, officer, csv, query);
  const eventsOf = async (type: string): Promise<RecordedEvent[]> =>
    (await t.allEvents()).filter((e) => e.type === type);

  it("imports a 600-pupil school's term: every session recorded, every pupil touched, no rejects", async () => {
    const csv = [...registerLines(school, TERM_DAYS, 7)].join('\n');
    const res = await upload(csv).expect(202);
    expect(res.headers.location).toBe(`/imports/${res.body.importId}`);
    const done = await finished(res.body.importId);
    expect(done).toMatchObject({
      status: 'completed',
      failure: null,
      progress: { phase: 'done', rowsRead: 600 * 65, pupilsSeen: 600, pupilsProcessed: 600 },
      counts: {
        rowsRead: 600 * 65,
        rowsRejected: 0,
        marksRecorded: 600 * 65 * 2,
        marksCorrected: 0,
        marksUnchanged: 0,
        pupilsTouched: 600,
      },
      rejects: [],
    });
    const recorded = await eventsOf('AttendanceMarksRecorded');
    const forFirst = recorded.filter((e) => e.streamId === `pupil-${school[0].pupilId}`);
    expect(forFirst.flatMap((e) => e.data.marks as unknown[])).toHaveLength(130);
    expect(forFirst[0].metadata).toMatchObject({
      actor: 'officer-1',
      correlationId: done.importId,
    });
  }, 60_000);

  it('treats the same file sent twice as the same import, and the second sending changes nothing', async () => {
    const csv = [...registerLines(school.slice(0, 20), schoolDays('2026-01-05', 5), 11)].join('\n');
    const first = await upload(csv).expect(202);
    await finished(first.body.importId);
    // The monitor rules may raise concerns after the first import; the register itself must not move.
    const marksEvents = async () =>
      (await t.allEvents()).filter((e) => e.type.startsWith('AttendanceMark')).length;
    const before = await marksEvents();
    const second = await upload(csv).expect(202);
    expect(second.body).toMatchObject({ importId: first.body.importId, created: false });
    await finished(second.body.importId);
    expect(await marksEvents()).toBe(before);
  });

  it('records nothing for a different file that re-sends marks the register already holds', async () => {
    const days = schoolDays('2026-01-12', 5);
    const pupils = school.slice(20, 30);
    await importFile([...registerLines(pupils, days, 3)].join('\n'));
    const resent = await importFile([...registerLines(pupils, days, 3)].join('\n') + '\n');
    expect(resent.counts).toMatchObject({
      marksRecorded: 0,
      marksCorrected: 0,
      marksUnchanged: 100,
      pupilsTouched: 0,
    });
  });

  it('records a correction when a later file re-codes a session, keeping the session date and the date received', async () => {
    const days = schoolDays('2026-01-19', 5);
    const pupil = school[40];
    await importFile([...registerLines([pupil], days, 5, () => '/')].join('\n'));
    const recoded = (p: GeneratedPupil, date: string, session: 'AM' | 'PM') =>
      date === days[2] && session === 'AM' ? 'M' : '/';
    const later = await importFile([...registerLines([pupil], days, 5, recoded)].join('\n'));
    expect(later.counts).toMatchObject({ marksRecorded: 0, marksCorrected: 1, marksUnchanged: 9 });
    const [correction] = (await eventsOf('AttendanceMarkCorrected')).filter(
      (e) => e.streamId === `pupil-${pupil.pupilId}`,
    );
    expect(correction.data).toMatchObject({
      date: days[2],
      session: 'AM',
      code: 'M',
      previousCode: '/',
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('rejects every kind of bad row with its line and reason, and imports the good rows', async () => {
    const [a, b, c] = school.slice(50, 53);
    const wrongCheck = (upnFor(50)[0] === 'A' ? 'B' : 'A') + upnFor(50).slice(1);
    const csv = [
      'upn,school,date,am,pm',
      `${a.upn},school-1,2026-02-02,/,\\`, // 2 good
      `${a.upn},school-1,2026-02-03,F,\\`, // 3 unknown code
      `${upnFor(999_999)},school-1,2026-02-02,/,\\`, // 4 unknown pupil
      `${wrongCheck},school-1,2026-02-02,/,\\`, // 5 invalid check letter
      `${b.upn},school-1,2026-02-30,/,\\`, // 6 impossible date
      `${b.upn},school-1,2026-02-04,/,\\`, // 7 conflicts with 8
      `${b.upn},school-1,2026-02-04,N,\\`, // 8 conflicts with 7
      `${c.upn},school-2,2026-02-02,/,\\`, // 9 pupil at another school
      `${c.upn},school-1`, // 10 malformed
      `${c.upn},school-1,2026-02-05,/,\\`, // 11 good
    ].join('\n');
    const done = await importFile(csv);
    expect(done.status).toBe('completed');
    expect(done.rejects.map((r: { line: number; kind: string }) => [r.line, r.kind])).toEqual([
      [3, 'unknown-code'],
      [4, 'unknown-pupil'],
      [5, 'invalid-upn'],
      [6, 'impossible-date'],
      [7, 'conflicting-duplicate'],
      [8, 'conflicting-duplicate'],
      [9, 'pupil-at-another-school'],
      [10, 'malformed-row'],
    ]);
    for (const r of done.rejects) expect(r.reason.length).toBeGreaterThan(10);
    expect(done.counts).toMatchObject({
      rowsRead: 10,
      rowsRejected: 8,
      marksRecorded: 4,
      pupilsTouched: 2,
    });
    const paged = await request(t.http)
      .get(`/imports/${done.importId}/rejects?limit=5`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(paged.body.items.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7]);
    const rest = await request(t.http)
      .get(
        `/imports/${done.importId}/rejects?limit=5&cursor=${encodeURIComponent(paged.body.nextCursor)}`,
      )
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(rest.body.items.map((r: { line: number }) => r.line)).toEqual([8, 9, 10]);
  });

  it('imports the example file in docs/ cleanly', async () => {
    const csv = fs.readFileSync(
      path.join(__dirname, '..', 'docs', 'examples', 'register-example.csv'),
      'utf8',
    );
    const upns = [
      ...new Set(
        csv
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ];
    await registerPupils(
      t.app.get(CommandBus),
      upns.map((upn, i) => ({ pupilId: `example-${i}`, upn, schoolId: 'school-1042' })),
    );
    const done = await importFile(csv);
    expect(done).toMatchObject({ status: 'completed', counts: { rowsRejected: 0 }, rejects: [] });
    expect(done.counts.marksRecorded).toBeGreaterThan(0);
  });

  it('refuses a CTF (XML) upload with 415 and says why, and an empty file with 400', async () => {
    const xml = await request(t.http)
      .post('/imports/registers')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'application/xml')
      .send('<CTfile/>')
      .expect(415);
    expect(xml.body.detail).toMatch(/Common Transfer File/);
    await upload('').expect(400);
  });

  it('fails an import of a file that is not a register, saying what is missing', async () => {
    const done = await importFile('name,class\nSam,7B\n');
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/missing: upn, date, am, pm/);
  });

  it('answers 404 for an import that does not exist', async () => {
    await request(t.http)
      .get(`/imports/register-${'0'.repeat(32)}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(404);
  });
});
