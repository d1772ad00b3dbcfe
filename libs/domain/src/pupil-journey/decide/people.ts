/**
 * The people around the child: who works the case (the lead practitioner, reallocated with a
 * reason), the child's social worker, and what the pupil's school asks of the LA (a referral to its
 * attendance service, or a request that a penalty notice be issued, which the LA then decides).
 */
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import { SCHOOL_REQUEST_ANSWERS } from '../vocabulary';
import {
  IndependentSchoolPupil,
  JourneyRefused,
  requireNewId,
  requireOneOf,
  requirePeriod,
  requireText,
  today,
} from './guards';

/** The case is allocated to someone else than the reallocation says: someone moved it meanwhile. */
export class NotAllocatedTo extends JourneyRefused {
  constructor(expected: string, actual: string | null) {
    super(
      'not-allocated-to',
      actual === null
        ? `This case is not allocated to ${expected}: it has no lead practitioner. Assign one instead of reallocating.`
        : `This case is allocated to ${actual}, not ${expected}: reload the caseload and reallocate from ${actual}.`,
      'conflict',
      { allocatedTo: actual },
    );
  }
}

export function reallocateCase(
  c: PupilCommandOf<'ReallocateCase'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const from = requireText(c.fromPractitionerId, 'fromPractitionerId');
  const to = requireText(c.toPractitionerId, 'toPractitionerId');
  const reason = requireText(c.reason, 'reason');
  if (from === to)
    throw new InvalidInput('toPractitionerId must be someone other than fromPractitionerId.', {
      field: 'toPractitionerId',
    });
  if (state.leadPractitionerId !== from) throw new NotAllocatedTo(from, state.leadPractitionerId);
  return [
    {
      type: 'CaseReallocated',
      data: {
        fromPractitionerId: from,
        toPractitionerId: to,
        reason,
        reallocatedOn: c.reallocatedOn ?? today(context),
      },
    },
  ];
}

export function allocateSocialWorker(
  c: PupilCommandOf<'AllocateSocialWorker'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const socialWorkerId = requireText(c.socialWorkerId, 'socialWorkerId');
  if ((state.socialWorkerId ?? null) === socialWorkerId) return [];
  return [
    {
      type: 'SocialWorkerAllocated',
      data: { socialWorkerId, allocatedOn: c.allocatedOn ?? today(context) },
    },
  ];
}

export function endSocialWorkerAllocation(
  c: PupilCommandOf<'EndSocialWorkerAllocation'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const reason = requireText(c.reason, 'reason');
  const socialWorkerId = state.socialWorkerId ?? null;
  if (socialWorkerId === null)
    throw new JourneyRefused('no-social-worker', 'This child has no social worker allocated.');
  return [
    {
      type: 'SocialWorkerAllocationEnded',
      data: { socialWorkerId, reason, endedOn: c.endedOn ?? today(context) },
    },
  ];
}

export function referToLocalAuthority(
  c: PupilCommandOf<'ReferToLocalAuthority'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.referralId, 'referral');
  return [
    {
      type: 'ReferredToLocalAuthority',
      data: {
        referralId: c.referralId,
        reason: requireText(c.reason, 'reason'),
        referredOn: c.referredOn ?? today(context),
      },
    },
  ];
}

/**
 * A school asks the LA to issue a penalty notice; the LA decides whether one may and should be
 * issued (the framework's threshold, support first, the notice to improve, the 3-year limit), so a
 * request is recorded without those checks. The framework does not reach independent schools
 * (WTISA 2024 ch. 6), so a request for their pupils could never be granted and is refused.
 */
export function requestPenaltyNotice(
  c: PupilCommandOf<'RequestPenaltyNotice'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.requestId, 'penalty notice request');
  const reason = requireText(c.reason, 'reason');
  const offencePeriod = c.offencePeriod ? requirePeriod(c.offencePeriod) : null;
  const requestedOn = c.requestedOn ?? today(context);
  if (offencePeriod && offencePeriod.to > requestedOn)
    throw new InvalidInput(
      `The offence period ends (${offencePeriod.to}) after the request (${requestedOn}).`,
      { field: 'offencePeriod' },
    );
  if (state.schoolType === 'independent') throw new IndependentSchoolPupil('A penalty notice');
  return [
    {
      type: 'PenaltyNoticeRequested',
      data: { requestId: c.requestId, reason, offencePeriod, requestedOn },
    },
  ];
}

/** The LA answers a school's request once: it accepts it (and acts: allocates, issues) or declines it, saying why. */
export function answerSchoolRequest(
  c: PupilCommandOf<'AnswerSchoolRequest'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const request = (state.schoolRequests ?? []).find((r) => r.requestId === c.requestId);
  if (!request)
    throw new JourneyRefused('unknown-request', 'The school made no such request for this pupil.');
  if (request.answer)
    throw new JourneyRefused(
      'request-answered',
      `This request was already ${request.answer.answer} on ${request.answer.answeredOn}.`,
    );
  const answeredOn = c.answeredOn ?? today(context);
  if (answeredOn < request.requestedOn)
    throw new InvalidInput(
      `answeredOn (${answeredOn}) is before the request was made (${request.requestedOn}).`,
      { field: 'answeredOn' },
    );
  return [
    {
      type: 'SchoolRequestAnswered',
      data: {
        requestId: request.requestId,
        answer: requireOneOf(c.answer, SCHOOL_REQUEST_ANSWERS, 'answer'),
        reason: requireText(c.reason, 'reason'),
        answeredOn,
      },
    },
  ];
}
