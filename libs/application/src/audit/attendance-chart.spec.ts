import {
  CHART_COLOURS,
  CHART_GEOMETRY,
  ChartWeek,
  renderAttendanceChart,
} from './attendance-chart';
import { assembleEvidencePack } from './evidence-pack';
import { FAMILY, NOTICE, penaltyNoticeCase, PUPIL } from './testing/evidence-case';

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  if (!m) throw new Error(`no ${name} in ${tag}`);
  return m[1];
};
const num = (tag: string, name: string) => Number(attr(tag, name));
const tags = (svg: string, pattern: RegExp): string[] => Array.from(svg.match(pattern) ?? []);

describe('the attendance chart of an evidence pack', () => {
  const c = penaltyNoticeCase();
  const pack = assembleEvidencePack({
    pupilId: PUPIL,
    pupilEvents: c.stream(`pupil-${PUPIL}`),
    familyEvents: c.stream(`family-${FAMILY}`),
    subject: { kind: 'penalty-notice', noticeId: NOTICE },
    generatedAt: '2025-07-02T09:00:00.000Z',
  });
  const svg = renderAttendanceChart({
    weeks: pack.attendance.weeks,
    window: pack.attendance.thresholdAtDecision,
    windowSessions: pack.attendance.thresholdAtDecision.count,
  });
  const weeks = tags(svg, /<g class="week[^"]*" data-week="[^"]*"/g);
  const bars = tags(svg, /<rect class="bar"[^>]*>/g);
  const band = tags(svg, /<rect class="band"[^>]*>/g);

  it('has one weekly point per week of the offence period, and a bar for every week with sessions', () => {
    expect(weeks).toHaveLength(pack.attendance.weeks.length);
    expect(weeks.map((w) => attr(w, 'data-week'))).toEqual(
      pack.attendance.weeks.map((w) => w.weekStart),
    );
    expect(bars).toHaveLength(14); // 15 weeks, one of them half term
    expect(svg).toContain('<g class="week no-sessions" data-week="2025-02-24">');
  });

  it('draws each bar as tall as the week’s attendance rate', () => {
    const plotH = CHART_GEOMETRY.height - CHART_GEOMETRY.top - CHART_GEOMETRY.bottom;
    const heights = bars.map((b) => num(b, 'height'));
    expect(heights[0]).toBe(plotH); // 100%
    expect(heights[2]).toBe(Math.round(plotH * 0.9)); // 90%: one session missed of 10
    const baseline = CHART_GEOMETRY.top + plotH;
    for (const b of bars) expect(num(b, 'y') + num(b, 'height')).toBe(baseline);
  });

  it('shades a band exactly over the window weeks, from the first bar in it to the last', () => {
    expect(band).toHaveLength(1);
    const left = num(band[0], 'x');
    const right = left + num(band[0], 'width');
    const barsInWindow = bars.filter((_, i) => {
      const week = pack.attendance.weeks.filter((w) => w.rate !== null)[i];
      return week.inThresholdWindow;
    });
    const barsOutside = bars.filter((b) => !barsInWindow.includes(b));
    expect(barsInWindow).toHaveLength(10);
    for (const b of barsInWindow) {
      expect(num(b, 'x')).toBeGreaterThanOrEqual(left);
      expect(num(b, 'x') + num(b, 'width')).toBeLessThanOrEqual(right);
    }
    for (const b of barsOutside)
      expect(num(b, 'x') >= right || num(b, 'x') + num(b, 'width') <= left).toBe(true);
    expect(svg).toContain(
      'data-first-week="2025-01-20" data-last-week="2025-03-31" data-weeks="11"',
    );
    expect(attr(band[0], 'fill')).toBe(CHART_COLOURS.band);
  });

  it('is accessible: a title and a description that names the window', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain(
      '<title id="chart-title">Weekly attendance rate in the offence period</title>',
    );
    expect(svg).toMatch(
      /<desc id="chart-desc">Weekly attendance rate for 15 weeks, from the week of 6 Jan 2025 to the week of 14 Apr 2025\. Shaded: the threshold window, 11 weeks from 20 Jan 2025 to 31 Mar 2025 \(up to 10 school weeks\), in which 10 unauthorised sessions fell\./,
    );
  });

  it('has axes with percentage ticks and week labels', () => {
    for (const tick of ['0%', '25%', '50%', '75%', '100%'])
      expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('>6 Jan</text>');
    expect(svg).toContain('Week beginning (Monday)');
  });

  it('draws no band when the window falls outside the weeks shown, and says so', () => {
    const few: ChartWeek[] = [{ weekStart: '2025-01-06', rate: 1, attended: 10, possible: 10 }];
    const plain = renderAttendanceChart({
      weeks: few,
      window: { firstSchoolWeek: '2025-03-03', lastSchoolWeek: '2025-03-10' },
      windowSessions: 0,
    });
    expect(plain).not.toContain('class="band"');
    expect(plain).toContain('No threshold window falls in these weeks.');
  });

  it('keeps long periods legible: at most 16 week labels, one bar per week', () => {
    const year: ChartWeek[] = Array.from({ length: 52 }, (_, i) => ({
      weekStart: new Date(Date.UTC(2025, 0, 6 + i * 7)).toISOString().slice(0, 10),
      rate: 0.5,
      attended: 5,
      possible: 10,
    }));
    const chart = renderAttendanceChart({
      weeks: year,
      window: { firstSchoolWeek: null, lastSchoolWeek: null },
      windowSessions: 0,
    });
    expect(tags(chart, /<rect class="bar"/g)).toHaveLength(52);
    expect(tags(chart, /font-size="11">\d+ \w{3}<\/text>/g).length).toBeLessThanOrEqual(16);
  });
});

describe('the attendance chart drawn for other weeks than an offence period', () => {
  it('given a title, when drawn, then screen readers hear that title', () => {
    const svg = renderAttendanceChart({
      weeks: [{ weekStart: '2025-01-06', rate: 0.9, attended: 9, possible: 10 }],
      window: { firstSchoolWeek: null, lastSchoolWeek: null },
      windowSessions: 0,
      title: 'Weekly attendance rate in 2024/25 so far',
    });
    expect(svg).toContain(
      '<title id="chart-title">Weekly attendance rate in 2024/25 so far</title>',
    );
    expect(svg).toContain('Week of 6 Jan 2025: 90% (9 of 10 sessions)');
  });
});
