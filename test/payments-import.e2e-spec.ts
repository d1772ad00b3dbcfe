/**
 * The payments import over HTTP on the embedded default: a provider's file is matched to penalty
 * notices by reference, each match recorded on the pupil's journey, every other line listed with
 * its number and why; the same file again records nothing new.
 */
import { addDays, dateOf, PupilEvent, pupilStreamId } from '@app/domain';
import {
  DAD,
  MUM,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  penaltyNoticeWithdrawn,
  registeredWith,
} from '@app/domain/testing/journey-fixtures';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const TODAY = dateOf(new Date());
const ago = (days: number) => addDays(TODAY, -days);
const OFFENCE = { from: ago(120), to: ago(60) };

describe('the penalty-notice payments import', () => {
  let t: TestApp;
  let officer: string;
  const pupil1 = randomUUID();
  const pupil2 = randomUUID();

  /** Notices are facts already on the journeys (how they were issued is another spec's business). */
  async function history(pupilId: string, events: PupilEvent[]) {
    await t.store.appendToStream(
      pupilStreamId(pupilId),
      events.map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: {
          actor: 'officer-1',
          role: 'attendance-officer',
          correlationId: 'setup',
          causationId: 'setup',
          occurredAt: new Date().toISOString(),
        },
      })),
      { expectedRevision: 'any' },
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    await history(pupil1, [
      registeredWith({ pupilId: pupil1 }),
      penaltyNoticeIssued('PN-A', MUM, ago(10), 1, OFFENCE),
      penaltyNoticeIssued('PN-B', DAD, ago(10), 1, OFFENCE),
    ]);
    await history(pupil2, [
      registeredWith({ pupilId: pupil2 }),
      penaltyNoticeIssued('PN-C', MUM, ago(10), 1, OFFENCE),
      penaltyNoticeIssued('PN-D', DAD, ago(10), 1, OFFENCE),
      penaltyNoticePaid('PN-D', ago(8), 80),
      penaltyNoticeIssued('PN-E', MUM, ago(40), 2, OFFENCE),
      penaltyNoticeIssued('PN-F', DAD, ago(20), 2, OFFENCE),
      penaltyNoticeWithdrawn('PN-F', ago(15)),
      penaltyNoticeIssued('PN-G', 'parent-gran', ago(25), 1, OFFENCE),
    ]);
  });
  afterAll(() => t.close());

  const send = (csv: string, type = 'text/csv') =>
    request(t.http)
      .post('/imports/payments')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', type)
      .send(csv);
  const payments = async () =>
    (await t.allEvents()).filter((e) => e.type === 'PenaltyNoticePaid').map((e) => e.data);

  const file = [
    'notice_reference,amount,date_paid',
    `PN-A,80,${ago(5)}`, // 2: matched, recorded
    `PN-B,160,${ago(5)}`, // 3: £80 was due within 21 days
    `PN-C,80,${ago(12)}`, // 4: before the notice was issued
    `PN-D,80,${ago(3)}`, // 5: the notice was already paid
    `PN-E,160,${ago(5)}`, // 6: after the 28 days
    `PN-F,160,${ago(5)}`, // 7: withdrawn
    `PN-Z,80,${ago(5)}`, // 8: no such notice
    `PN-A,eighty,${ago(5)}`, // 9: unreadable
    `PN-A,80,${ago(5)}`, // 10: the same payment twice in one file
    `PN-G,80,${ago(2)}`, // 11: £80 on day 24: the 21 days beginning with receipt are over
  ].join('\n');

  it('records each matched payment and lists every other line with its number and why', async () => {
    const before = (await payments()).length;
    const res = await send(file).expect(200);
    expect(res.body).toMatchObject({ lines: 10, recorded: 1, alreadyRecorded: 0 });
    expect(
      res.body.unmatched.map((u: { line: number; reference: string; reason: string }) => [
        u.line,
        u.reference,
        u.reason,
      ]),
    ).toEqual([
      [3, 'PN-B', 'wrong-amount'],
      [4, 'PN-C', 'date-before-issue'],
      [5, 'PN-D', 'already-paid'],
      [6, 'PN-E', 'paid-after-28-days'],
      [7, 'PN-F', 'notice-withdrawn'],
      [8, 'PN-Z', 'unknown-reference'],
      [9, 'PN-A', 'unreadable-line'],
      [10, 'PN-A', 'duplicate-in-file'],
      [11, 'PN-G', 'reduced-amount-late'],
    ]);
    expect(res.body.unmatched[0].detail).toBe(`£80 is due for payment on ${ago(5)}, not £160.`);
    expect(res.body.unmatched[2].detail).toMatch(/already paid: £80 on/);
    expect(res.body.unmatched[8].detail).toMatch(
      new RegExp(
        `^£80 is not payment in full: the reduced amount could be paid only until ${ago(5)} .* The parent can pay £160 until ${addDays(TODAY, 2)};`,
      ),
    );
    expect((await payments()).length).toBe(before + 1);

    const journey = (
      await request(t.http)
        .get(`/pupils/${pupil1}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200)
    ).body;
    const unpaid = journey.openItems.unpaidPenaltyNotices.map(
      (n: { noticeId: string }) => n.noticeId,
    );
    expect(unpaid).toEqual(['PN-B']);
  });

  it('records nothing new when the same file comes again, and lists the same lines', async () => {
    const before = await payments();
    const first = await send(file).expect(200);
    expect(first.body).toMatchObject({ lines: 10, recorded: 0, alreadyRecorded: 1 });
    expect(first.body.unmatched).toHaveLength(9);
    expect(await payments()).toEqual(before);
  });

  it('imports the example file in docs cleanly once its notices exist', async () => {
    const example = fs.readFileSync(
      path.join(__dirname, '../docs/examples/payments-example.csv'),
      'utf8',
    );
    const pupil3 = randomUUID();
    await history(pupil3, [
      registeredWith({ pupilId: pupil3 }),
      penaltyNoticeIssued('PN-2025-000123', MUM, '2025-05-01', 1, {
        from: '2025-01-06',
        to: '2025-03-14',
      }),
      penaltyNoticeIssued('PN-2025-000124', DAD, '2025-05-01', 1, {
        from: '2025-01-06',
        to: '2025-03-14',
      }),
      penaltyNoticeIssued('PN-2025-000125', MUM, '2025-05-01', 2, {
        from: '2025-03-17',
        to: '2025-04-04',
      }),
    ]);
    const res = await send(example).expect(200);
    expect(res.body).toEqual({ lines: 3, recorded: 3, alreadyRecorded: 0, unmatched: [] });
  });

  it('refuses what is not a payments file as a whole, recording nothing', async () => {
    const before = (await payments()).length;
    const wrongColumns = await send('reference,amount\nPN-A,80\n').expect(400);
    expect(wrongColumns.headers['content-type']).toMatch(/problem\+json/);
    expect(wrongColumns.body.detail).toMatch(/notice_reference/);
    await send(JSON.stringify({ notice_reference: 'PN-A' }), 'application/json').expect(415);
    expect((await payments()).length).toBe(before);
  });

  it('is for attendance officers only (case.enforce)', async () => {
    const worker = await t.token('link-worker', 'worker-1', ['school-a']);
    await request(t.http)
      .post('/imports/payments')
      .set('Authorization', `Bearer ${worker}`)
      .set('Content-Type', 'text/csv')
      .send(file)
      .expect(403);
  });
});
