/**
 * The evidence pack end to end: a case built over HTTP to a paid penalty notice, its pack fetched
 * as JSON and as HTML (each read recorded in the access log, a read without a purpose refused and
 * not recorded), and the HTML rendered by headless Chromium (Debian's `chromium`, which .ci/run
 * installs): the rendered DOM holds the chart's bars and the chronology's rows, and the
 * screenshot shows the bars, the threshold band over the window weeks, and the chronology.
 * Without chromium this test FAILS: it never skips.
 */
import { ACCESS_LOG_STREAM, CHRONOLOGY_RULE_COLOUR, EvidencePack } from '@app/application';
import { CHART_COLOURS } from '@app/application/audit/attendance-chart';
import type { RecordedEvent } from '@app/event-store';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { FIRST_MONDAY, HALF_TERM_WEEK, weekOfMarks } from './support/threshold-weeks';

const run = promisify(execFile);
const CHROMIUM = 'chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'];
/** The screenshot is taken at half scale: the whole document in a quarter of the pixels to decode. */
const SCALE = 0.5;
const PURPOSE = 'Court bundle for the hearing on 12 August';

const OFFENCE = { from: FIRST_MONDAY, to: '2025-04-18' }; // 15 calendar weeks

/** Pixels of one colour (within a small tolerance for anti-aliasing) in a decoded screenshot. */
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
function isColour(png: PNG, x: number, y: number, hex: string): boolean {
  const [r, g, b] = rgb(hex);
  const i = (png.width * y + x) * 4;
  return (
    Math.abs(png.data[i] - r) <= 6 &&
    Math.abs(png.data[i + 1] - g) <= 6 &&
    Math.abs(png.data[i + 2] - b) <= 6
  );
}
/** The horizontal runs of one colour along row y. */
function runsOf(png: PNG, hex: string, y: number): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (let x = 0; x < png.width; x += 1) {
    const hit = isColour(png, x, y, hex);
    const last = runs[runs.length - 1];
    if (hit && last && last.to === x - 1) last.to = x;
    else if (hit) runs.push({ from: x, to: x });
  }
  return runs;
}

describe('the evidence pack, rendered by headless Chromium', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  let pupilId: string;
  let familyId: string;
  let noticeId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-pack-'));

  const post = async (token: string, url: string, body: object, status = 200) => {
    const res = await request(t.http).post(url).set('Authorization', `Bearer ${token}`).send(body);
    if (res.status !== status)
      throw new Error(`${url}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const accessRecords = async () => {
    const records: RecordedEvent[] = [];
    try {
      for await (const e of t.store.readStream(ACCESS_LOG_STREAM)) records.push(e);
    } catch {
      // no stream yet: nothing recorded
    }
    return records;
  };
  const packUrl = () => `/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}`;

  beforeAll(async () => {
    // Fail, never skip, when the browser is missing.
    await run(CHROMIUM, ['--version']).catch((error: Error) => {
      throw new Error(
        `Debian's chromium is needed to render the evidence pack (.ci/run installs it): ${error.message}`,
      );
    });
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');

    familyId = (await post(officer, '/families', { reference: 'F-1' }, 201)).familyId;
    const parent = { hasParentalResponsibility: true, hasDayToDayCare: true };
    const mum = (
      await post(
        officer,
        `/families/${familyId}/parents`,
        { reference: 'M', relationship: 'mother', ...parent },
        201,
      )
    ).parentId;
    pupilId = (
      await post(
        officer,
        '/pupils',
        {
          reference: 'P-1',
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
        },
        201,
      )
    ).pupilId;
    await post(officer, `/families/${familyId}/pupils`, { pupilId });
    for (let week = 0; week < 15; week += 1)
      if (week !== HALF_TERM_WEEK)
        await post(officer, `/pupils/${pupilId}/marks`, weekOfMarks(week, 'school-a'));
    await post(
      officer,
      `/pupils/${pupilId}/conversations`,
      {
        heldOn: '2025-01-20',
        withWhom: ['pupil', 'mother'],
        barriers: ['anxiety'],
        agreedNextSteps: ['Morning check-in <daily>'],
      },
      201,
    );
    const { supportId } = await post(
      officer,
      `/pupils/${pupilId}/support-actions`,
      {
        kind: 'early-help-assessment',
        description: 'Early help assessment',
        startedOn: '2025-01-27',
      },
      201,
    );
    await post(officer, `/pupils/${pupilId}/support-actions/${supportId}/outcome`, {
      outcome: 'did-not-help',
      familyEngaged: false,
      recordedOn: '2025-02-24',
    });
    const { contractId } = await post(
      officer,
      `/pupils/${pupilId}/attendance-contracts`,
      {
        parentIds: [mum],
        parentCommitments: ['Up by 7:30'],
        supportCommitments: ['Bus pass'],
        startsOn: '2025-03-03',
        endsOn: '2025-04-11',
      },
      201,
    );
    await post(officer, `/pupils/${pupilId}/attendance-contracts/${contractId}/reviews`, {
      reviewedOn: '2025-03-31',
      outcome: 'not-kept',
    });
    const nti = (
      await post(
        officer,
        `/pupils/${pupilId}/notices-to-improve`,
        { parentId: mum, issuedOn: '2025-04-22', sufficientImprovement: 'No unauthorised absence' },
        201,
      )
    ).noticeId;
    await post(officer, `/pupils/${pupilId}/notices-to-improve/${nti}/outcome`, {
      outcome: 'not-improved',
      recordedOn: '2025-06-03',
    });
    noticeId = (
      await post(
        officer,
        `/pupils/${pupilId}/penalty-notices`,
        {
          parentId: mum,
          issuedOn: '2025-06-05',
          offencePeriod: OFFENCE,
          issuedBy: 'authorised-la-officer',
        },
        201,
      )
    ).noticeId;
    await post(officer, `/pupils/${pupilId}/penalty-notices/${noticeId}/payments`, {
      paidOn: '2025-06-20',
      amount: 80,
    });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a pack without a purpose, and records nothing', async () => {
    const before = (await accessRecords()).length;
    const res = await request(t.http)
      .get(packUrl())
      .set('Authorization', `Bearer ${auditor}`)
      .expect(400);
    expect(res.body).toMatchObject({ code: 'purpose-required' });
    expect(await accessRecords()).toHaveLength(before);
  });

  it('answers 404 for a notice or prosecution not on this pupil’s journey, and records nothing', async () => {
    const before = (await accessRecords()).length;
    for (const url of [
      `/pupils/${pupilId}/evidence-packs/penalty-notices/not-this-notice`,
      `/pupils/${pupilId}/evidence-packs/prosecutions/not-this-prosecution`,
    ]) {
      const res = await request(t.http)
        .get(url)
        .query({ purpose: PURPOSE })
        .set('Authorization', `Bearer ${auditor}`)
        .expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await accessRecords()).toHaveLength(before);
  });

  it('serves the pack as JSON, and records who read it and why', async () => {
    const before = (await accessRecords()).length;
    const res = await request(t.http)
      .get(packUrl())
      .query({ purpose: PURPOSE })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    const pack = res.body as EvidencePack;
    expect(pack.subject).toMatchObject({
      id: noticeId,
      status: 'paid',
      ruleSetVersion: 'national-2024-08-19',
    });
    expect(pack.attendance.thresholdAtDecision).toMatchObject({
      count: 10,
      firstSchoolWeek: '2025-01-20',
      lastSchoolWeek: '2025-03-31',
    });
    const records = await accessRecords();
    expect(records).toHaveLength(before + 1);
    expect(records[records.length - 1]).toMatchObject({
      data: {
        kind: 'evidence-pack',
        pupilId,
        familyId,
        purpose: PURPOSE,
        details: { subject: 'penalty-notice', id: noticeId, format: 'json' },
      },
      metadata: { actor: 'auditor-1', role: 'auditor' },
    });
  });

  it('renders the HTML pack in Chromium with the chart and the chronology present', async () => {
    const res = await request(t.http)
      .get(packUrl())
      .query({ purpose: PURPOSE, format: 'html' })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const file = path.join(dir, 'pack.html');
    fs.writeFileSync(file, res.text);
    const events = (await t.allEvents()).filter(
      (e) => e.streamId === `pupil-${pupilId}` || e.streamId === `family-${familyId}`,
    );

    // Chromium renders it twice at once: the DOM it built, and a screenshot (at half scale) of a
    // window tall enough for the whole document.
    const shot = path.join(dir, 'pack.png');
    const [{ stdout: dom }] = await Promise.all([
      run(CHROMIUM, [...FLAGS, '--dump-dom', `file://${file}`], { maxBuffer: 32 * 1024 * 1024 }),
      run(CHROMIUM, [
        ...FLAGS,
        `--screenshot=${shot}`,
        '--window-size=1200,8000',
        `--force-device-scale-factor=${SCALE}`,
        `file://${file}`,
      ]),
    ]);

    // The DOM: the SVG with a bar per week with sessions, the band over the 11 calendar weeks
    // of the window, and a chronology row per recorded event.
    expect(dom).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="attendance-chart"');
    expect(dom.match(/<g class="week[^"]*" data-week=/g)).toHaveLength(15);
    expect(dom.match(/<rect class="bar"/g)).toHaveLength(14);
    expect(dom).toContain(
      'data-first-week="2025-01-20" data-last-week="2025-03-31" data-weeks="11"',
    );
    expect(dom.match(/<tr class="chronology-entry[^"]*">/g)).toHaveLength(events.length);
    expect(dom).toMatch(/Penalty notice [\w-]+ \(number 1\) issued to M \(mother\)/);
    expect(dom).toContain('Morning check-in &lt;daily&gt;');

    // What it painted: 14 bars in a row, and one band in the window's colour spanning the bars of
    // weeks 2 to 12 (11 weeks including the half-term slot), above the bars, as wide as 11 slots.
    const png = PNG.sync.read(fs.readFileSync(shot));
    let barRow = -1;
    for (let y = 0; y < png.height && barRow < 0; y += 1)
      if (runsOf(png, CHART_COLOURS.bar, y).length === 14) barRow = y;
    expect(barRow).toBeGreaterThan(0);
    const bars = runsOf(png, CHART_COLOURS.bar, barRow);
    const pitch = (bars[13].from - bars[0].from) / 14; // 15 slots, one of them empty
    let bandRow = -1;
    for (let y = 0; y < barRow && bandRow < 0; y += 1) {
      const runs = runsOf(png, CHART_COLOURS.band, y);
      if (runs.length === 1 && runs[0].to - runs[0].from > 8 * pitch) bandRow = y;
    }
    expect(bandRow).toBeGreaterThan(0);
    expect(bandRow).toBeLessThan(barRow);
    const [band] = runsOf(png, CHART_COLOURS.band, bandRow);
    expect(band.from).toBeLessThan(bars[2].from);
    expect(band.from).toBeGreaterThan(bars[1].to);
    expect(band.to).toBeGreaterThan(bars[11].to); // bar 11 is week 12: the half term has no bar
    expect(band.to).toBeLessThan(bars[12].from);
    expect((band.to - band.from + 1) / pitch).toBeCloseTo(11, 0);

    // The chronology: its rule runs unbroken down the left of the table, as tall as its rows.
    // Find the rule's first row below the chart, then follow its column down.
    let ruleTop = barRow;
    while (ruleTop < png.height && runsOf(png, CHRONOLOGY_RULE_COLOUR, ruleTop).length === 0)
      ruleTop += 1;
    expect(ruleTop).toBeLessThan(png.height);
    const [rule] = runsOf(png, CHRONOLOGY_RULE_COLOUR, ruleTop);
    expect(rule.to - rule.from + 1).toBeGreaterThanOrEqual(6 * SCALE - 1); // the rule, not a stray pixel
    const column = Math.round((rule.from + rule.to) / 2);
    let ruleBottom = ruleTop;
    while (
      ruleBottom + 1 < png.height &&
      isColour(png, column, ruleBottom + 1, CHRONOLOGY_RULE_COLOUR)
    )
      ruleBottom += 1;
    expect(ruleBottom - ruleTop + 1).toBeGreaterThan(events.length * 18 * SCALE);
    expect(ruleBottom).toBeLessThan(png.height - 1); // the whole table fitted in the window
    for (let y = ruleBottom + 1; y < png.height; y += 1)
      expect(isColour(png, column, y, CHRONOLOGY_RULE_COLOUR)).toBe(false);
  }, 60_000);
});
