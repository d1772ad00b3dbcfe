/**
 * Issue 6, "Done when", over HTTP with the application's clock driven through three school years
 * (September 2023 to July 2026): a family with two children. While the years are generated, each
 * child's journey is read at the end of every half term (GET /pupils/:id) and kept with the
 * instant it was read. Afterwards: the family's history is complete and in global order; the
 * state as of each of those instants, as known then, equals what was read then; a correction
 * recorded in November 2025 for a session in October 2024 shows as the difference between
 * "happened by" and "known by". And every sensitive read leaves exactly one access record.
 */
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

/** School weeks (Mondays) of a school year beginning in September of `year`: 38 of them. */
function schoolWeeks(year: number): string[] {
  const first = new Date(Date.UTC(year, 8, 1));
  while (first.getUTCDay() !== 1) first.setUTCDate(first.getUTCDate() + 1);
  const weeks: string[] = [];
  for (let i = 0; weeks.length < 38; i += 1) {
    // Holidays: weeks 8, 16, 17, 23, 29, 30 (October half term, Christmas, February, Easter).
    if ([7, 15, 16, 22, 28, 29].includes(i)) continue;
    weeks.push(addDays(first.toISOString().slice(0, 10), i * 7));
  }
  return weeks;
}

/** A week's register: both sessions of each day present, except the sessions listed absent (O). */
const register = (monday: string, absent: number) => ({
  schoolId: 'school-a',
  from: monday,
  to: addDays(monday, 4),
  marks: [0, 1, 2, 3, 4].flatMap((d) =>
    (['AM', 'PM'] as const).map((session, s) => ({
      date: addDays(monday, d),
      session,
      code: d * 2 + s < absent ? 'O' : session === 'AM' ? '/' : '\\',
    })),
  ),
});

/** Ann misses ten sessions from 6 January 2025 (two that week, then one a week); Ben one, on 7 October 2024. */
const annAbsences = (monday: string) =>
  monday === '2025-01-06' ? 2 : monday > '2025-01-06' && monday <= '2025-03-10' ? 1 : 0;
const benAbsences = (monday: string) => (monday === '2024-10-07' ? 1 : 0);

const PURPOSE = 'Audit of the case file before the panel hearing';

interface Snapshot {
  pupilId: string;
  at: string;
  journey: Record<string, unknown>;
}

const withoutPeople = ({ people: _people, ...journey }: Record<string, unknown>) => journey;

describe('audit: a family with two children over three school years', () => {
  let t: TestApp;
  let now = new Date('2023-09-01T08:00:00.000Z');
  const setClock = (instant: string) => {
    const next = new Date(instant);
    // Strictly forwards, so every event's recorded time places it before or after a snapshot.
    now = next > now ? next : new Date(now.getTime() + 1);
  };
  let worker: string;
  let officer: string;
  let chair: string;
  let auditor: string;
  let familyId: string;
  let ann: string;
  let ben: string;
  let mum: string;
  const snapshots: Snapshot[] = [];

  const post = async (token: string, path: string, body: object) => {
    const response = await request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
    if (response.status >= 300)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, string>;
  };
  const get = (token: string, path: string) =>
    request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  beforeAll(async () => {
    // Projections and process managers off (RUN_PROJECTIONS=false): these reads go to the streams,
    // and a monitor concern or deadline appended in the background between a snapshot and the
    // next write would make "what was read then" a race rather than a fact.
    t = await startTestApp({ RUN_PROJECTIONS: 'false' }, { clock: () => now });
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    officer = await t.token('attendance-officer', 'officer-1');
    chair = await t.token('panel-chair', 'chair-1');
    auditor = await t.token('auditor', 'auditor-1');

    familyId = (await post(worker, '/families', { reference: 'F-2023' })).familyId;
    const parent = (reference: string, relationship: string) =>
      post(worker, `/families/${familyId}/parents`, {
        reference,
        relationship,
        hasParentalResponsibility: true,
        hasDayToDayCare: true,
      });
    mum = (await parent('M', 'mother')).parentId;
    await parent('D', 'father');
    const pupil = async (reference: string, dateOfBirth: string, yearGroup: number) => {
      const { pupilId } = await post(worker, '/pupils', {
        reference,
        dateOfBirth,
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup,
      });
      await post(worker, `/families/${familyId}/pupils`, { pupilId });
      return pupilId;
    };
    ann = await pupil('P-ANN', '2011-05-10', 7);
    ben = await pupil('P-BEN', '2013-02-02', 5);

    // Things that happen on given days of the three years, besides the weekly registers.
    const happenings: Record<string, () => Promise<unknown>> = {
      '2023-11-13': () =>
        post(worker, `/pupils/${ben}/conversations`, {
          heldOn: '2023-11-13',
          withWhom: ['pupil', 'mother'],
          barriers: ['anxiety'],
          agreedNextSteps: ['Morning check-in'],
        }),
      '2024-10-07': () =>
        post(worker, `/families/${familyId}/plans`, {
          kind: 'early-help-plan',
          leadPractitionerId: 'worker-1',
          startsOn: '2024-10-07',
          summary: 'One plan for the family',
        }),
      '2025-01-20': () =>
        post(worker, `/pupils/${ann}/conversations`, {
          heldOn: '2025-01-20',
          withWhom: ['pupil', 'mother'],
          barriers: ['parental-engagement'],
          agreedNextSteps: ['Weekly call'],
        }),
      '2025-01-27': async () => {
        const { supportId } = await post(worker, `/pupils/${ann}/support-actions`, {
          kind: 'early-help-assessment',
          description: 'Early help assessment',
          startedOn: '2025-01-27',
        });
        happenings['2025-02-24'] = () =>
          post(worker, `/pupils/${ann}/support-actions/${supportId}/outcome`, {
            outcome: 'did-not-help',
            familyEngaged: false,
            recordedOn: '2025-02-24',
          });
      },
      '2025-03-17': async () => {
        const { referralId } = await post(worker, `/pupils/${ann}/panel-referrals`, {
          reason: 'Support not engaged with',
        });
        await post(chair, `/pupils/${ann}/panel-referrals/${referralId}/decision`, {
          decision: 'notice-to-improve',
          rationale: 'Support was offered and not taken up',
        });
        const { noticeId } = await post(officer, `/pupils/${ann}/notices-to-improve`, {
          parentId: mum,
          issuedOn: '2025-03-17',
          sufficientImprovement: 'No unauthorised absence for six weeks',
        });
        happenings['2025-04-28'] = () =>
          post(officer, `/pupils/${ann}/notices-to-improve/${noticeId}/outcome`, {
            outcome: 'not-improved',
            recordedOn: '2025-04-28',
          });
      },
      '2025-05-05': async () => {
        const { noticeId } = await post(officer, `/pupils/${ann}/penalty-notices`, {
          parentId: mum,
          issuedOn: '2025-05-05',
          offencePeriod: { from: '2025-01-06', to: '2025-03-14' },
          issuedBy: 'authorised-la-officer',
        });
        happenings['2025-05-19'] = () =>
          post(officer, `/pupils/${ann}/penalty-notices/${noticeId}/payments`, {
            paidOn: '2025-05-19',
            amount: 80,
          });
      },
      // The late correction: in November 2025 the school re-codes Ben's absence of 7 October 2024.
      '2025-11-10': () =>
        post(worker, `/pupils/${ben}/mark-corrections`, {
          schoolId: 'school-a',
          date: '2024-10-07',
          session: 'AM',
          code: 'M',
          reason: 'Medical evidence received late',
        }),
    };

    // Day by day: the day's happenings at noon; every third school Friday the school sends the
    // last three weeks' registers at 16:00; at the end of every sixth school week both journeys
    // are read at 18:00.
    const weeks = [2023, 2024, 2025].flatMap(schoolWeeks);
    const fridays = new Map(weeks.map((monday, i) => [addDays(monday, 4), i]));
    for (let day = '2023-09-01'; day <= '2026-07-31'; day = addDays(day, 1)) {
      if (happenings[day]) {
        setClock(`${day}T12:00:00.000Z`);
        await happenings[day]();
      }
      const i = fridays.get(day);
      if (i === undefined || i % 3 !== 2) continue;
      setClock(`${day}T16:00:00.000Z`);
      for (const [pupilId, absences] of [
        [ann, annAbsences],
        [ben, benAbsences],
      ] as const) {
        const registers = weeks
          .slice(i - 2, i + 1)
          .map((monday) => register(monday, absences(monday)));
        await post(worker, `/pupils/${pupilId}/marks`, {
          schoolId: 'school-a',
          from: registers[0].from,
          to: registers[2].to,
          marks: registers.flatMap((r) => r.marks),
        });
      }
      if (i % 6 === 5) {
        setClock(`${day}T18:00:00.000Z`);
        for (const pupilId of [ann, ben])
          snapshots.push({
            pupilId,
            at: now.toISOString(),
            // The journey's own fields: its `people` (names opened at read time) is not state.
            journey: withoutPeople((await get(auditor, `/pupils/${pupilId}`).expect(200)).body),
          });
      }
    }
    setClock('2026-07-31T09:00:00.000Z');
  }, 60_000);
  afterAll(() => t.close());

  const wholeHistory = async () => {
    const entries: { eventId: string; position: string; summary: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await get(
          auditor,
          `/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200)
      ).body;
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  };

  it("replays every event of the family and both children exactly once, in the store's global order", async () => {
    const entries = await wholeHistory();
    const streams = [`family-${familyId}`, `pupil-${ann}`, `pupil-${ben}`];
    const stored = (await t.allEvents()).filter((e) => streams.includes(e.streamId));
    // Three school years of registers (every three weeks) for two children, and the rest of the case.
    expect(stored.length).toBeGreaterThan(2 * 3 * 12);
    expect(entries.map((e) => e.eventId)).toEqual(stored.map((e) => e.id));
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(entries.length);
    // Every entry reads as a sentence: nothing missing or unprintable slipped into it.
    for (const entry of entries) expect(entry.summary).toMatch(/^[A-Z].*\.$/);
    expect(JSON.stringify(entries)).not.toMatch(/undefined|NaN|\[object/);
    const positions = entries.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
  });

  it('says what happened, to whom, by whom in what role, when it happened and was recorded, and why', async () => {
    const { entries } = (
      await get(
        auditor,
        `/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}&kind=PenaltyNoticeIssued,AttendanceMarkCorrected`,
      ).expect(200)
    ).body;
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'PenaltyNoticeIssued',
        pupilId: ann,
        parentIds: [mum],
        actor: 'officer-1',
        role: 'attendance-officer',
        happenedOn: '2025-05-05',
        recordedAt: '2025-05-05T12:00:00.000Z',
        stage: 'enforce',
        ruleSetVersion: 'national-2024-08-19',
      }),
      expect.objectContaining({
        kind: 'AttendanceMarkCorrected',
        pupilId: ben,
        summary: 'Mark for 2024-10-07 AM at school school-a corrected from O to M.',
        actor: 'worker-1',
        role: 'link-worker',
        happenedOn: '2024-10-07',
        recordedAt: '2025-11-10T12:00:00.000Z',
        reason: 'Medical evidence received late',
      }),
    ]);
  });

  it('filters by when things happened, or by when they were recorded', async () => {
    const q = `/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}&pupilId=${ben}`;
    const happened = (
      await get(auditor, `${q}&happenedFrom=2024-10-07&happenedTo=2024-10-07`).expect(200)
    ).body.entries;
    expect(happened.map((e: { kind: string }) => e.kind)).toEqual(['AttendanceMarkCorrected']);
    const recorded = (
      await get(auditor, `${q}&recordedFrom=2024-10-18&recordedTo=2024-10-18`).expect(200)
    ).body.entries;
    expect(
      recorded.map((e: { kind: string; happenedOn: string }) => [e.kind, e.happenedOn]),
    ).toEqual([['AttendanceMarksRecorded', '2024-10-18']]);
  });

  it('as known at each moment a journey was read, the state as of that moment is what was read', async () => {
    expect(snapshots.length).toBe(2 * 19);
    for (const snapshot of snapshots) {
      const view = (
        await get(
          auditor,
          `/pupils/${snapshot.pupilId}/as-of?at=${snapshot.at}&purpose=${encodeURIComponent(PURPOSE)}`,
        ).expect(200)
      ).body;
      expect({ at: snapshot.at, journey: view.knownBy.summary }).toEqual({
        at: snapshot.at,
        journey: snapshot.journey,
      });
    }
  });

  it('a correction recorded late changes what had happened by a date, not what was known on it', async () => {
    const before = snapshots.find(
      (s) => s.pupilId === ben && s.at > '2024-10-18' && s.at < '2025-11-10',
    );
    expect(before).toBeDefined();
    const view = (
      await get(
        auditor,
        `/pupils/${ben}/as-of?at=${before?.at}&purpose=${encodeURIComponent(PURPOSE)}`,
      ).expect(200)
    ).body;
    const known = view.knownBy.summary.attendance.overall;
    const happened = view.happenedBy.summary.attendance.overall;
    expect(known).toEqual((before?.journey.attendance as { overall: unknown }).overall);
    expect(known.unauthorisedAbsence).toBe(1);
    expect(happened).toEqual({
      ...known,
      unauthorisedAbsence: 0,
      authorisedAbsence: known.authorisedAbsence + 1,
    });
    // Once the correction was recorded, the views agree, and the journey read then shows it.
    const after = snapshots.find((s) => s.pupilId === ben && s.at > '2025-11-10T12:00:00.000Z');
    const later = (
      await get(
        auditor,
        `/pupils/${ben}/as-of?at=${after?.at}&purpose=${encodeURIComponent(PURPOSE)}`,
      ).expect(200)
    ).body;
    expect(later.knownBy.summary).toEqual(after?.journey);
    expect(later.happenedBy.summary.attendance).toEqual(later.knownBy.summary.attendance);
    expect(later.knownBy.summary.attendance.overall.unauthorisedAbsence).toBe(0);
  });

  it('prints the history as a self-contained HTML chronology', async () => {
    const response = await get(
      officer,
      `/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}&format=html&kind=PenaltyNoticeIssued,PenaltyNoticePaid`,
    ).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(response.text).toContain('Family history: F-2023');
    expect(response.text).toContain('@media print');
    expect(response.text).toContain('Pupil P-ANN; Parent M (mother)');
    expect(response.text).toContain('Penalty notice');
    expect(response.text).toContain(`paid: £80.`);
  });
});
