/**
 * A notice to improve: a final chance before a penalty notice, with an improvement period of 3 to
 * 6 weeks (WTISA 2024 ch. 6). The code of conduct fixes the local length (`noticeToImproveWeeks`).
 * Judgement: the guidance says "weeks", not "school weeks", so the period is counted in calendar
 * weeks from the day of issue; an LA that means school weeks should choose a longer period.
 */
import { addWeeks, IsoDate } from '../calendar';
import { NOTICE_TO_IMPROVE_MAX_WEEKS, NOTICE_TO_IMPROVE_MIN_WEEKS } from '../code-of-conduct';
import { FormalRouteRefused } from './formal-route-refused';

export function validateImprovementPeriod(weeks: number): number {
  if (
    !Number.isInteger(weeks) ||
    weeks < NOTICE_TO_IMPROVE_MIN_WEEKS ||
    weeks > NOTICE_TO_IMPROVE_MAX_WEEKS
  ) {
    throw new FormalRouteRefused(
      'improvement-period-out-of-range',
      `An improvement period must be a whole number of weeks from ${NOTICE_TO_IMPROVE_MIN_WEEKS} to ${NOTICE_TO_IMPROVE_MAX_WEEKS} (got ${weeks}).`,
      { weeks },
    );
  }
  return weeks;
}

/** The day the improvement period ends: the same weekday, `weeks` weeks after issue. */
export const improvementPeriodEnds = (issuedOn: IsoDate, weeks: number): IsoDate =>
  addWeeks(issuedOn, validateImprovementPeriod(weeks));
