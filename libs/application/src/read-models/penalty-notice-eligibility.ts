/**
 * The penalty-notice eligibility view's answer for one pupil on one day: for each parent, whether
 * a notice for the offence shown (the threshold window's sessions, first to last) could be issued
 * on `asOf`, by the same decision the command makes (`decidePenaltyNotice` in libs/domain), or
 * the first refusal it would meet.
 *
 * The read model keeps the facts (the case as last projected); the day is the query's. So the
 * answer holds for `asOf` given everything the read model has seen: a notice to improve whose
 * period ends on `asOf` counts as ended, and a notice issued exactly 3 years before it is outside
 * the limit, as they would be for a command dated `asOf`. Pass a command's `position` to the query
 * to be sure the read model has seen that command.
 */
import { countingNotices, decidePenaltyNotice, DomainError, IsoDate } from '@app/domain';
import type { EligibilityRow } from '@app/read-models';

export type PenaltyNoticeAnswer =
  | { canIssue: true; sequence: 1 | 2; amount: number; reducedAmount: number | null }
  | {
      canIssue: false;
      /** The refusal the command would give: its problem code and the caseworker's message. */
      code: string;
      reason: string;
      /** When the refusal is the 3-year limit: the first day a notice could be issued, and the other routes. */
      possibleFrom?: IsoDate;
      otherRoutes?: string[];
    };

function refusedWith(refusal: DomainError): PenaltyNoticeAnswer {
  const { nextPossibleDate, otherRoutes } = refusal.details;
  return {
    canIssue: false,
    code: refusal.code,
    reason: refusal.message,
    ...(typeof nextPossibleDate === 'string' ? { possibleFrom: nextPossibleDate } : {}),
    ...(Array.isArray(otherRoutes) ? { otherRoutes: otherRoutes.map(String) } : {}),
  };
}

export function penaltyNoticeEligibility(row: EligibilityRow, asOf: IsoDate) {
  const { facets: _f, case: journey, family, ...shown } = row;
  return {
    ...shown,
    parents: row.parents.map((p) => {
      const decision = decidePenaltyNotice(journey, {
        parentId: p.parentId,
        issuedOn: asOf,
        offencePeriod: row.offencePeriod,
        threshold: row.threshold,
        family: family ?? undefined,
      });
      const nti = p.noticeToImprove;
      const penaltyNotice: PenaltyNoticeAnswer = decision.allowed
        ? {
            canIssue: true,
            sequence: decision.sequence,
            amount: decision.amount,
            reducedAmount: decision.reducedAmount,
          }
        : refusedWith(decision.refusal);
      return {
        parentId: p.parentId,
        reference: p.reference,
        hasParentalResponsibility: p.hasParentalResponsibility,
        noticesInLast3Years: countingNotices(p.history, p.parentId, row.pupilId, asOf).length,
        noticeToImprove: nti
          ? {
              ...nti,
              status:
                nti.outcome ??
                (asOf <= nti.periodEndsOn ? 'in-improvement-period' : 'awaiting-evaluation'),
            }
          : null,
        penaltyNotice,
      };
    }),
  };
}
