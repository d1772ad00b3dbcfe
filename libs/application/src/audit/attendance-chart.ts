/**
 * The evidence pack's attendance chart, drawn on the server as inline SVG (no script, no external
 * asset, so it prints and archives as it was seen): one bar per week of the offence period at the
 * weekly attendance rate, the 10 school weeks in which the threshold sessions fell shaded as a
 * band, the persistent-absence line, axes, labels, and a <title>/<desc> for screen readers.
 */
import { PERSISTENT_ABSENCE_PERCENT, THRESHOLD_SCHOOL_WEEKS } from '@app/domain';
import { escapeHtml } from './html-escape';

export interface ChartWeek {
  weekStart: string;
  /** attended / possible; null when there was no possible session that week. */
  rate: number | null;
  attended: number;
  possible: number;
}

export interface ChartInput {
  weeks: readonly ChartWeek[];
  /** Mondays of the first and last school weeks of the threshold window, if any. */
  window: { firstSchoolWeek: string | null; lastSchoolWeek: string | null };
  /** Unauthorised sessions counted in the window. */
  windowSessions: number;
  /** What the weeks are, for screen readers (the evidence pack's: the offence period). */
  title?: string;
}

/** Colours the chart is drawn in; a test looks for them in a screenshot. */
export const CHART_COLOURS = {
  bar: '#1f5fa8',
  band: '#f6c97a',
  grid: '#d4d4d4',
  axis: '#333333',
  persistent: '#b3261e',
  noSessions: '#9a9a9a',
} as const;

/** Geometry, in CSS pixels (the SVG is not scaled on screen). */
export const CHART_GEOMETRY = {
  width: 960,
  height: 360,
  left: 56,
  right: 16,
  /** Room above the plot for the legend, the band's label and its strip. */
  top: 64,
  bottom: 56,
  /** The band rises this far above the plot, so it shows even over full bars. */
  bandStrip: 16,
} as const;

const percent = (rate: number) => Math.round(rate * 1000) / 10;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2025-01-06` as `6 Jan`, or `6 Jan 2025` with the year. */
export const shortDate = (iso: string, withYear = false) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]}${withYear ? ` ${y}` : ''}`;
};

export function renderAttendanceChart(input: ChartInput): string {
  const g = CHART_GEOMETRY;
  const c = CHART_COLOURS;
  const n = input.weeks.length;
  const plotW = g.width - g.left - g.right;
  const plotH = g.height - g.top - g.bottom;
  const slot = n === 0 ? plotW : plotW / n;
  const barW = Math.max(1, Math.round(slot * 0.7));
  const x = (i: number) => Math.round(g.left + i * slot);
  const y = (rate: number) => Math.round(g.top + plotH * (1 - rate));
  const first = input.weeks[0]?.weekStart;
  const last = input.weeks[n - 1]?.weekStart;

  const { firstSchoolWeek, lastSchoolWeek } = input.window;
  const from = input.weeks.findIndex((w) => w.weekStart === firstSchoolWeek);
  const to = input.weeks.findIndex((w) => w.weekStart === lastSchoolWeek);
  const hasBand = from >= 0 && to >= from;
  const bandWeeks = hasBand ? to - from + 1 : 0;

  const description = [
    n === 0
      ? 'No weeks to show.'
      : `Weekly attendance rate for ${n} week${n === 1 ? '' : 's'}, from the week of ${shortDate(first, true)} to the week of ${shortDate(last, true)}.`,
    hasBand
      ? `Shaded: the threshold window, ${bandWeeks} weeks from ${shortDate(firstSchoolWeek as string, true)} to ${shortDate(lastSchoolWeek as string, true)} (up to ${THRESHOLD_SCHOOL_WEEKS} school weeks), in which ${input.windowSessions} unauthorised sessions fell.`
      : 'No threshold window falls in these weeks.',
    `Dashed line: ${100 - PERSISTENT_ABSENCE_PERCENT}% attendance; below it is persistent absence.`,
  ].join(' ');

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="attendance-chart" role="img" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">`,
    `<title id="chart-title">${escapeHtml(input.title ?? 'Weekly attendance rate in the offence period')}</title>`,
    `<desc id="chart-desc">${escapeHtml(description)}</desc>`,
  );
  // Legend.
  parts.push(
    `<g class="legend"><rect x="${g.left}" y="8" width="12" height="12" fill="${c.bar}"/><text x="${g.left + 18}" y="18">Weekly attendance rate</text>`,
    `<rect x="${g.left + 190}" y="8" width="12" height="12" fill="${c.band}"/><text x="${g.left + 208}" y="18">Threshold window (${THRESHOLD_SCHOOL_WEEKS} school weeks)</text>`,
    `<line x1="${g.left + 440}" y1="14" x2="${g.left + 464}" y2="14" stroke="${c.persistent}" stroke-width="2" stroke-dasharray="4 3"/><text x="${g.left + 470}" y="18">${100 - PERSISTENT_ABSENCE_PERCENT}% (persistent absence below)</text></g>`,
  );
  if (hasBand) {
    const bx = x(from);
    const bw = x(to + 1) - bx;
    parts.push(
      `<g class="threshold-window" data-first-week="${escapeHtml(firstSchoolWeek as string)}" data-last-week="${escapeHtml(lastSchoolWeek as string)}" data-weeks="${bandWeeks}">`,
      `<rect class="band" x="${bx}" y="${g.top - g.bandStrip}" width="${bw}" height="${plotH + g.bandStrip}" fill="${c.band}"/>`,
      `<text x="${bx}" y="${g.top - g.bandStrip - 6}" font-size="11">${escapeHtml(`${input.windowSessions} unauthorised sessions`)}</text></g>`,
    );
  }
  // Grid and y axis.
  for (const tick of [0, 25, 50, 75, 100]) {
    const ty = y(tick / 100);
    parts.push(
      `<line x1="${g.left}" y1="${ty}" x2="${g.width - g.right}" y2="${ty}" stroke="${c.grid}" stroke-width="1"/>`,
      `<text x="${g.left - 8}" y="${ty + 4}" text-anchor="end">${tick}%</text>`,
    );
  }
  parts.push(
    `<text transform="translate(14 ${g.top + plotH / 2}) rotate(-90)" text-anchor="middle">Attendance rate</text>`,
  );
  // Bars, one per week; a week without possible sessions gets a grey mark on the axis instead.
  parts.push('<g class="weeks">');
  const labelEvery = Math.max(1, Math.ceil(n / 16));
  input.weeks.forEach((w, i) => {
    const bx = x(i) + Math.round((slot - barW) / 2);
    const label = `Week of ${shortDate(w.weekStart, true)}: ${
      w.rate === null
        ? 'no possible sessions'
        : `${percent(w.rate)}% (${w.attended} of ${w.possible} sessions)`
    }`;
    if (w.rate === null) {
      parts.push(
        `<g class="week no-sessions" data-week="${escapeHtml(w.weekStart)}"><title>${escapeHtml(label)}</title><rect x="${bx}" y="${g.top + plotH - 3}" width="${barW}" height="3" fill="${c.noSessions}"/></g>`,
      );
    } else {
      const top = y(w.rate);
      parts.push(
        `<g class="week" data-week="${escapeHtml(w.weekStart)}" data-rate="${percent(w.rate)}"><title>${escapeHtml(label)}</title><rect class="bar" x="${bx}" y="${top}" width="${barW}" height="${g.top + plotH - top}" fill="${c.bar}"/></g>`,
      );
    }
    if (i % labelEvery === 0)
      parts.push(
        `<text x="${x(i) + Math.round(slot / 2)}" y="${g.top + plotH + 16}" text-anchor="middle" font-size="11">${escapeHtml(shortDate(w.weekStart))}</text>`,
      );
  });
  parts.push('</g>');
  const py = y(1 - PERSISTENT_ABSENCE_PERCENT / 100);
  parts.push(
    `<line class="persistent-absence" x1="${g.left}" y1="${py}" x2="${g.width - g.right}" y2="${py}" stroke="${c.persistent}" stroke-width="2" stroke-dasharray="4 3"/>`,
    `<line x1="${g.left}" y1="${g.top + plotH}" x2="${g.width - g.right}" y2="${g.top + plotH}" stroke="${c.axis}" stroke-width="1"/>`,
    `<line x1="${g.left}" y1="${g.top - g.bandStrip}" x2="${g.left}" y2="${g.top + plotH}" stroke="${c.axis}" stroke-width="1"/>`,
    `<text x="${g.left + plotW / 2}" y="${g.height - 12}" text-anchor="middle">Week beginning (Monday)</text>`,
    '</svg>',
  );
  return parts.join('');
}
