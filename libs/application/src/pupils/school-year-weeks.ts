/**
 * A pupil's attendance week by week in the school year of their latest register, from its first
 * register to its latest: what the case page's chart draws, with the evidence pack's weekly
 * figures (one function for both) and the threshold's school weeks marked.
 */
import { academicYearOf, currentMarks, IsoDate, PupilJourney, ThresholdResult } from '@app/domain';
import { weeklyAttendance } from '../audit/evidence-pack';
import type { WeeklyAttendance } from '../audit/evidence-pack.types';

export interface SchoolYearWeeks {
  /** The academic year, e.g. `2024/25`. */
  year: string;
  from: IsoDate;
  to: IsoDate;
  weeks: WeeklyAttendance[];
}

export function schoolYearWeeks(
  journey: PupilJourney,
  asOf: IsoDate,
  threshold: Pick<ThresholdResult, 'firstSchoolWeek' | 'lastSchoolWeek'>,
): SchoolYearWeeks | null {
  const marks = currentMarks(journey.marks).filter((m) => m.date <= asOf);
  const latest = marks.at(-1)?.date;
  if (!latest) return null;
  const year = academicYearOf(latest);
  const from = marks.find((m) => m.date >= year.from)?.date ?? latest;
  return {
    year: year.label,
    from,
    to: latest,
    weeks: weeklyAttendance(
      marks,
      { from, to: latest },
      { first: threshold.firstSchoolWeek, last: threshold.lastSchoolWeek },
    ),
  };
}
