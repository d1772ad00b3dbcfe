/**
 * The monitor rules over HTTP on the embedded default: marks recorded through the API are judged
 * by the process manager in the API process, and the concerns they call for appear on the pupil's
 * journey (and the link worker's caseload) with the rule's name and figures, once, however often
 * the register is sent again.
 */
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const day = (monday: string, d: number) =>
  new Date(Date.parse(monday) + d * 86_400_000).toISOString().slice(0, 10);
/** A school week from `monday`, `codeOf(day, session)` for each session. */
const week = (monday: string, codeOf: (d: number, s: 'AM' | 'PM') => string) => ({
  schoolId: 'school-a',
  from: monday,
  to: day(monday, 4),
  marks: [0, 1, 2, 3, 4].flatMap((d) =>
    (['AM', 'PM'] as const).map((session) => ({
      date: day(monday, d),
      session,
      code: codeOf(d, session),
    })),
  ),
});
const present = (_: number, s: 'AM' | 'PM') => (s === 'AM' ? '/' : '\\');
/** Three unauthorised sessions a week: 70% attendance. */
const poorly = (d: number, s: 'AM' | 'PM') =>
  d === 0 || (d === 1 && s === 'AM') ? 'O' : present(d, s);

describe('monitor rules after marks are recorded', () => {
  let t: TestApp;
  let officer: string;
  let worker: string;
  let pupilId: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    pupilId = (
      await request(t.http)
        .post('/pupils')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reference: 'P-M1',
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
        })
        .expect(201)
    ).body.pupilId;
  });
  afterAll(() => t.close());

  const marks = (body: object) =>
    request(t.http)
      .post(`/pupils/${pupilId}/marks`)
      .set('Authorization', `Bearer ${worker}`)
      .send(body)
      .expect(200);
  const concerns = async (): Promise<
    { concernId: string; rule: { name: string; figures: Record<string, unknown> } | null }[]
  > =>
    (
      await request(t.http)
        .get(`/pupils/${pupilId}`)
        .set('Authorization', `Bearer ${worker}`)
        .expect(200)
    ).body.concerns;
  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 200; i += 1) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Gave up waiting until ${what}`);
  }
  const byRule = async (name: string) => (await concerns()).filter((c) => c.rule?.name === name);

  it('raises a concern with its rule and figures when attendance falls below 90%, once however often the register comes', async () => {
    await marks(week('2025-01-06', present));
    await marks(week('2025-01-13', poorly)); // 85% over the two weeks: the concern is raised here
    await until(
      'the low-attendance concern is raised',
      async () => (await byRule('attendance-below-level')).length > 0,
    );
    const [concern] = await byRule('attendance-below-level');
    expect(concern).toMatchObject({
      concernId: `monitor-attendance-below-level-${pupilId}-spring-2024-25`,
      rule: {
        name: 'attendance-below-level',
        figures: { attendancePercent: 85, levelPercent: 90, possibleSessions: 20 },
      },
    });
    expect(await byRule('persistent-absence')).toHaveLength(1);

    // The same register again, and a later week still below 90%: nothing raised twice. An N left
    // unreplaced shows the monitor has judged the later marks before we look.
    await marks(week('2025-01-13', poorly));
    await marks(week('2025-01-20', poorly));
    await marks(week('2025-01-27', (d, s) => (d === 0 && s === 'AM' ? 'N' : poorly(d, s))));
    await marks(week('2025-02-03', poorly));
    await until(
      'the unreplaced N is raised',
      async () => (await byRule('n-code-not-replaced')).length > 0,
    );
    const all = await concerns();
    expect(all.filter((c) => c.rule?.name === 'attendance-below-level')).toHaveLength(1);
    expect(all.filter((c) => c.rule?.name === 'persistent-absence')).toHaveLength(1);
    expect(new Set(all.map((c) => c.concernId)).size).toBe(all.length);
  });

  it("shows the rules' concerns on the link worker's caseload, each with the rule that raised it", async () => {
    const onJourney = await concerns();
    type Row = {
      pupilId: string;
      openItems: { concerns: number };
      recentConcerns: { concernId: string; rule: string | null }[];
    };
    let row: Row | undefined;
    await until('the caseload has caught up with the concerns', async () => {
      const body = (
        await request(t.http)
          .get('/caseloads')
          .query({ schoolId: 'school-a' })
          .set('Authorization', `Bearer ${worker}`)
          .expect(200)
      ).body as { items: Row[] };
      row = body.items.find((r) => r.pupilId === pupilId);
      return row?.openItems.concerns === onJourney.length;
    });
    expect(row!.recentConcerns.length).toBeGreaterThan(0);
    for (const c of row!.recentConcerns) {
      const same = onJourney.find((j) => j.concernId === c.concernId);
      expect(c.rule).toBe(same?.rule?.name);
    }
  });
});
