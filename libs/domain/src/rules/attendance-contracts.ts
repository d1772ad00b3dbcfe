/**
 * Attendance contracts (Anti-social Behaviour Act 2003 s19; WTISA 2024 ch. 5): a voluntary written
 * agreement with at least one parent, who must take part; reviewed at agreed meetings (local:
 * typically every 4-6 weeks, the code of conduct's `contractReviewWeeks`).
 */
import { addWeeks, IsoDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { FormalRouteRefused } from './formal-route-refused';

export function validateContractTerms(terms: {
  parentIds: readonly string[];
  startsOn: IsoDate;
  endsOn: IsoDate;
  reviewDates: readonly IsoDate[];
}): void {
  if (terms.parentIds.length === 0) {
    throw new FormalRouteRefused(
      'contract-needs-a-parent',
      'An attendance contract is made with at least one parent; it cannot be made in their absence.',
    );
  }
  if (terms.endsOn <= terms.startsOn) {
    throw new FormalRouteRefused(
      'contract-dates',
      `A contract must end after it starts (${terms.startsOn} to ${terms.endsOn}).`,
    );
  }
  const outside = terms.reviewDates.filter((d) => d < terms.startsOn || d > terms.endsOn);
  if (outside.length)
    throw new FormalRouteRefused(
      'contract-review-dates',
      `Review dates must fall within the contract: ${outside.join(', ')}.`,
      { outside },
    );
}

/** Reviews every `reviewWeeks` weeks (or the code of conduct's interval) from the start, up to the end. */
export function defaultReviewDates(
  startsOn: IsoDate,
  endsOn: IsoDate,
  review: number | Pick<CodeOfConduct, 'contractReviewWeeks'>,
): IsoDate[] {
  const weeks = typeof review === 'number' ? review : review.contractReviewWeeks;
  if (!Number.isInteger(weeks) || weeks < 1)
    throw new InvalidInput(`A review interval must be a whole number of weeks (got ${weeks}).`, {
      field: 'contractReviewWeeks',
    });
  const dates: IsoDate[] = [];
  for (let d = addWeeks(startsOn, weeks); d <= endsOn; d = addWeeks(d, weeks)) dates.push(d);
  return dates;
}
