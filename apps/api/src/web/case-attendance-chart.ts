/**
 * The case page's attendance chart: the evidence pack's server-drawn SVG (one drawing function for
 * both), over the weeks of the pupil's school year so far, with the threshold's school weeks shaded
 * when the national threshold is met. The SVG is styled by its own attributes, never inline style,
 * so the pages' Content-Security-Policy holds; the page puts the same figures in words and a table
 * beside it, so nothing is told by colour or by the drawing alone.
 */
import { renderAttendanceChart, SchoolYearWeeks } from '@app/application';
import type { PupilJourneySummary } from '@app/domain';

export interface CaseAttendanceChart {
  year: string;
  from: string;
  to: string;
  svg: string;
  /** Week by week, as the table under the chart lists them. */
  weeks: SchoolYearWeeks['weeks'];
  thresholdMet: boolean;
}

export function attendanceChart(
  journey: PupilJourneySummary,
  year: SchoolYearWeeks | null,
): CaseAttendanceChart | null {
  if (!year) return null;
  const { threshold } = journey;
  return {
    year: year.year,
    from: year.from,
    to: year.to,
    weeks: year.weeks,
    thresholdMet: threshold.met,
    svg: renderAttendanceChart({
      weeks: year.weeks,
      window: threshold.met ? threshold : { firstSchoolWeek: null, lastSchoolWeek: null },
      windowSessions: threshold.count,
      title: `Weekly attendance rate, school year ${year.year} so far`,
    }),
  };
}
