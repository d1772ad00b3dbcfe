/**
 * "May a penalty notice be issued to this parent for this pupil, for this offence, on this day?"
 * answered once, for both the command that issues a notice (`decide`) and the eligibility view
 * that says whether one could be issued today: the national framework for penalty notices (WTISA
 * 2024 ch. 6; SI 2007/1867 as amended by SI 2024/210). The first condition that fails is the
 * answer, as the refusal the command throws.
 */
import type { IsoDate } from '../calendar';
import { DomainError, InvalidInput } from '../errors';
import {
  NATIONAL_FRAMEWORK_STARTS,
  PenaltyNoticeLimitReached,
  penaltyNoticeTerms,
  THRESHOLD_SESSIONS,
} from '../rules';
import {
  IndependentSchoolPupil,
  JourneyRefused,
  LinkedFamily,
  NationalThresholdNotMet,
  NoticeToImproveFirst,
  overlaps,
  requireCompulsorySchoolAgeThroughout,
  requireLinkedParent,
  requireSupportFirst,
  supportNotAppropriateFor,
} from './decide/guards';
import type { PupilJourney } from './state';
import type { OffencePeriod, SupportNotAppropriateReason } from './vocabulary';

/** What the decision reads of a journey: a slice a read model can keep without the register. */
export type PenaltyNoticeCase = Pick<
  PupilJourney,
  | 'pupilId'
  | 'dateOfBirth'
  | 'schoolType'
  | 'familyId'
  | 'support'
  | 'supportNotAppropriate'
  | 'noticesToImprove'
  | 'penaltyNotices'
>;

export const penaltyNoticeCaseOf = (s: PupilJourney): PenaltyNoticeCase => ({
  pupilId: s.pupilId,
  dateOfBirth: s.dateOfBirth,
  schoolType: s.schoolType,
  familyId: s.familyId,
  support: s.support,
  supportNotAppropriate: s.supportNotAppropriate,
  noticesToImprove: s.noticesToImprove,
  penaltyNotices: s.penaltyNotices,
});

export interface PenaltyNoticeProposal {
  parentId: string;
  issuedOn: IsoDate;
  offencePeriod: OffencePeriod;
  /**
   * The national threshold within the offence period, on the register as known when deciding
   * (the caller evaluates it: the decider from the journey's marks, a read model from its figures).
   */
  threshold: { met: boolean; count: number };
  /** The pupil's family with its parents and carers (undefined: none linked). */
  family: LinkedFamily | undefined;
}

export interface PenaltyNoticeAllowed {
  sequence: 1 | 2;
  amount: number;
  reducedAmount: number | null;
  /** The notice to improve that came first, or null where support was not appropriate. */
  noticeToImproveId: string | null;
  supportNotAppropriate: SupportNotAppropriateReason | null;
}

export type PenaltyNoticeDecision =
  ({ allowed: true } & PenaltyNoticeAllowed) | { allowed: false; refusal: DomainError };

/**
 * The terms of the proposed notice, or throws the first condition it fails, in this order:
 * the offence before the notice; the national framework in force (from 19 August 2024); not a
 * pupil at an independent school; the pupil of compulsory school age throughout the offence (EA
 * 1996 s8, s444); support first unless not appropriate; a parent or carer of the pupil's family
 * (s576 EA 1996); the threshold met in the offence period; a notice to improve first where support
 * was appropriate, its period ended without sufficient improvement; not dated before this parent's
 * last notice; not the same offence twice; at most two notices to one parent for one child in the
 * 3 years ending on the issue date (all WTISA 2024 ch. 6 unless named).
 */
export function requirePenaltyNoticeAllowed(
  c: PenaltyNoticeCase,
  p: PenaltyNoticeProposal,
): PenaltyNoticeAllowed {
  const { offencePeriod, issuedOn, parentId } = p;
  if (offencePeriod.to > issuedOn)
    throw new InvalidInput('The offence period cannot end after the notice is issued.', {
      field: 'offencePeriod.to',
    });
  if (issuedOn < NATIONAL_FRAMEWORK_STARTS)
    throw new JourneyRefused(
      'before-national-framework',
      `Notices issued before ${NATIONAL_FRAMEWORK_STARTS} fall under the old scheme, which this system does not issue.`,
      'rule',
    );
  if (c.schoolType === 'independent') throw new IndependentSchoolPupil('A penalty notice');
  requireCompulsorySchoolAgeThroughout(c, offencePeriod);
  requireSupportFirst(c, 'a penalty notice', offencePeriod);
  requireLinkedParent(c, p, parentId);
  if (!p.threshold.met)
    throw new NationalThresholdNotMet(offencePeriod, p.threshold.count, THRESHOLD_SESSIONS);

  const excused = supportNotAppropriateFor(c, offencePeriod);
  let noticeToImproveId: string | null = null;
  if (excused === null) {
    const nti = c.noticesToImprove
      .filter(
        (n) =>
          n.parentId === parentId && n.outcome === 'not-improved' && n.periodEndsOn <= issuedOn,
      )
      .pop();
    if (!nti) throw new NoticeToImproveFirst();
    noticeToImproveId = nti.noticeId;
  }

  const own = c.penaltyNotices.filter((n) => n.parentId === parentId && n.status !== 'withdrawn');
  // A notice dated before one already issued would change what the later one counted.
  const later = own.find((n) => n.issuedOn > issuedOn);
  if (later)
    throw new JourneyRefused(
      'notice-out-of-order',
      `Penalty notice ${later.noticeId} to this parent was issued on ${later.issuedOn}; a notice cannot be dated before it.`,
      'rule',
    );
  const clash = own.find((n) => overlaps(n.offencePeriod, offencePeriod));
  if (clash)
    throw new JourneyRefused(
      'same-offence',
      `This parent already has penalty notice ${clash.noticeId} for an overlapping offence period (${clash.offencePeriod.from} to ${clash.offencePeriod.to}).`,
      'rule',
    );
  const terms = penaltyNoticeTerms(
    c.penaltyNotices.map((n) => ({
      noticeId: n.noticeId,
      parentId: n.parentId,
      pupilId: c.pupilId,
      issuedOn: n.issuedOn,
      withdrawn: n.status === 'withdrawn',
    })),
    { parentId, pupilId: c.pupilId, proposedIssueDate: issuedOn },
  );
  if (!terms.allowed) throw new PenaltyNoticeLimitReached(terms.nextPossibleDate);
  return {
    sequence: terms.sequence,
    amount: terms.amount,
    reducedAmount: terms.reducedAmount,
    noticeToImproveId,
    supportNotAppropriate: excused?.reason ?? null,
  };
}

/** The same decision as a value, for a view: the terms, or the refusal the command would throw. */
export function decidePenaltyNotice(
  c: PenaltyNoticeCase,
  p: PenaltyNoticeProposal,
): PenaltyNoticeDecision {
  try {
    return { allowed: true, ...requirePenaltyNoticeAllowed(c, p) };
  } catch (error) {
    if (error instanceof DomainError) return { allowed: false, refusal: error };
    throw error;
  }
}
