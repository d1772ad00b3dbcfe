/** Formalise support: attendance contracts, education supervision orders, education-neglect referrals. */
import type { DecisionContext } from '../../decision-context';
import {
  compulsorySchoolAge,
  defaultReviewDates,
  esoEndsAt,
  esoExpiry,
  extendedEsoExpiry,
  validateExtensionGrant,
  validateContractTerms,
  validateExtension,
} from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney, SupervisionOrder } from '../state';
import {
  ESO_DISCHARGE_APPLICANTS,
  ESO_PROSECUTION_RELATIONS,
  NEGLECT_ROUTES,
  SOCIAL_CARE_RESPONSES,
} from '../vocabulary';
import { InvalidInput } from '../../errors';
import {
  JourneyRefused,
  LookedAfterChild,
  notInFuture,
  requireCompulsorySchoolAge,
  requireDate,
  requireLinkedParent,
  requireNewId,
  requireOneOf,
  requireText,
  SocialCareNotConsulted,
  today,
} from './guards';

export function agreeContract(
  c: PupilCommandOf<'AgreeAttendanceContract'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.contractId, 'attendance contract');
  requireDate(c.startsOn, 'startsOn');
  requireDate(c.endsOn, 'endsOn');
  requireCompulsorySchoolAge(state, c.startsOn);
  const reviewDates =
    c.reviewDates ??
    defaultReviewDates(c.startsOn, c.endsOn, context.codeOfConduct.contractReviewWeeks);
  validateContractTerms({
    parentIds: c.parentIds,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    reviewDates,
  });
  for (const parentId of c.parentIds) requireLinkedParent(state, context, parentId);
  if (
    state.contracts.some(
      (k) => k.status === 'active' && k.startsOn <= c.endsOn && c.startsOn <= k.endsOn,
    )
  ) {
    throw new JourneyRefused(
      'contract-overlaps',
      'An attendance contract is already active for this period; review or end it first.',
    );
  }
  return [
    {
      type: 'AttendanceContractAgreed',
      data: {
        contractId: c.contractId,
        parentIds: c.parentIds,
        parentCommitments: c.parentCommitments,
        supportCommitments: c.supportCommitments,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        reviewDates,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

const contractOf = (state: PupilJourney, contractId: string) => {
  const contract = state.contracts.find((k) => k.contractId === contractId);
  if (!contract)
    throw new JourneyRefused(
      'unknown-contract',
      'There is no such attendance contract on this journey.',
    );
  return contract;
};

export function reviewContract(
  c: PupilCommandOf<'ReviewAttendanceContract'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const contract = contractOf(state, c.contractId);
  if (contract.status === 'ended')
    throw new JourneyRefused('contract-ended', 'This attendance contract has ended.');
  requireDate(c.reviewedOn, 'reviewedOn');
  if (c.reviewedOn < contract.startsOn)
    throw new JourneyRefused(
      'review-before-start',
      `The contract starts on ${contract.startsOn}.`,
      'rule',
    );
  const reviewed: PupilEvent = {
    type: 'AttendanceContractReviewed',
    data: {
      contractId: c.contractId,
      reviewedOn: c.reviewedOn,
      outcome: c.outcome,
      notes: c.notes ?? '',
      ruleSetVersion: context.codeOfConduct.version,
    },
  };
  if (c.outcome !== 'ended-early') return [reviewed];
  // A review that ends the contract early ends it: nothing is left active to review again.
  return [
    reviewed,
    {
      type: 'AttendanceContractEnded',
      data: {
        contractId: c.contractId,
        endedOn: c.reviewedOn,
        reason: 'ended-early',
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function endContract(
  c: PupilCommandOf<'EndAttendanceContract'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const contract = contractOf(state, c.contractId);
  if (contract.status === 'ended')
    throw new JourneyRefused('contract-ended', 'This attendance contract has already ended.');
  requireDate(c.endedOn, 'endedOn');
  return [
    {
      type: 'AttendanceContractEnded',
      data: {
        contractId: c.contractId,
        endedOn: c.endedOn,
        reason: c.reason,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

/**
 * An attendance contract offered and declined: it is voluntary and cannot be made in a parent's
 * absence (ASBA 2003 s19), but the refusal is recorded, can be evidence later, and the DfE's
 * Parental Responsibility Measures census counts contracts offered as well as accepted.
 */
export function declineContract(
  c: PupilCommandOf<'RecordAttendanceContractDeclined'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.offerId, 'attendance contract offer');
  notInFuture(requireDate(c.offeredOn, 'offeredOn'), context, 'offeredOn');
  requireCompulsorySchoolAge(state, c.offeredOn);
  if (!Array.isArray(c.parentIds) || c.parentIds.length === 0)
    throw new InvalidInput(
      'parentIds must name at least one parent who was offered the contract.',
      {
        field: 'parentIds',
      },
    );
  for (const parentId of c.parentIds) requireLinkedParent(state, context, parentId);
  return [
    {
      type: 'AttendanceContractDeclined',
      data: {
        offerId: c.offerId,
        parentIds: [...c.parentIds],
        offeredOn: c.offeredOn,
        reason: requireText(c.reason, 'reason'),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function consultSocialCare(c: PupilCommandOf<'RecordSocialCareConsultation'>): PupilEvent[] {
  requireDate(c.consultedOn, 'consultedOn');
  return [
    {
      type: 'SocialCareConsulted',
      data: { consultedOn: c.consultedOn, outcome: requireText(c.outcome, 'outcome') },
    },
  ];
}

export function applyForEso(
  c: PupilCommandOf<'ApplyForSupervisionOrder'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.orderId, 'supervision order');
  requireDate(c.appliedOn, 'appliedOn');
  if (c.prosecution !== undefined)
    requireOneOf(c.prosecution, ESO_PROSECUTION_RELATIONS, 'prosecution');
  requireCompulsorySchoolAge(state, c.appliedOn);
  if (state.flags.lookedAfter) throw new LookedAfterChild();
  if (state.socialCareConsultedOn === null || state.socialCareConsultedOn > c.appliedOn)
    throw new SocialCareNotConsulted();
  if (state.supervisionOrders.some((o) => o.status !== 'discharged' && o.status !== 'ended')) {
    throw new JourneyRefused(
      'eso-exists',
      'An education supervision order is already applied for or in force.',
    );
  }
  return [
    {
      type: 'SupervisionOrderApplied',
      data: {
        orderId: c.orderId,
        appliedOn: c.appliedOn,
        ...(c.prosecution ? { prosecution: c.prosecution } : {}),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

const orderOf = (
  state: PupilJourney,
  orderId: string,
  allowed: SupervisionOrder['status'][],
): SupervisionOrder => {
  const order = state.supervisionOrders.find((o) => o.orderId === orderId);
  if (!order)
    throw new JourneyRefused(
      'unknown-eso',
      'There is no such education supervision order on this journey.',
    );
  if (!allowed.includes(order.status))
    throw new JourneyRefused(
      'eso-wrong-status',
      `The education supervision order is ${order.status.replace('-', ' ')}.`,
    );
  return order;
};

export function grantEso(
  c: PupilCommandOf<'RecordSupervisionOrderGranted'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const order = orderOf(state, c.orderId, ['applied']);
  notInFuture(requireDate(c.courtDate, 'courtDate'), context, 'courtDate');
  if (c.courtDate < order.appliedOn)
    throw new InvalidInput(
      `The court date (${c.courtDate}) cannot be before the application (${order.appliedOn}).`,
      { field: 'courtDate' },
    );
  requireCompulsorySchoolAge(state, c.courtDate);
  // The child may have come into care since the application (Children Act 1989 s36(6)).
  if (state.flags.lookedAfter) throw new LookedAfterChild();
  const expiresOn = esoEndsAt(esoExpiry(c.courtDate), compulsorySchoolAge(state.dateOfBirth).ends);
  return [
    {
      type: 'SupervisionOrderGranted',
      data: {
        orderId: c.orderId,
        courtDate: c.courtDate,
        supervisorId: requireText(c.supervisorId, 'supervisorId'),
        expiresOn,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function giveDirection(
  c: PupilCommandOf<'RecordSupervisionDirection'>,
  state: PupilJourney,
): PupilEvent[] {
  orderOf(state, c.orderId, ['in-force', 'extension-applied']);
  return [
    {
      type: 'SupervisionOrderDirectionGiven',
      data: {
        orderId: c.orderId,
        direction: requireText(c.direction, 'direction'),
        givenOn: requireDate(c.givenOn, 'givenOn'),
      },
    },
  ];
}

export function recordNonCompliance(
  c: PupilCommandOf<'RecordSupervisionNonCompliance'>,
  state: PupilJourney,
): PupilEvent[] {
  orderOf(state, c.orderId, ['in-force', 'extension-applied']);
  return [
    {
      type: 'SupervisionOrderNonComplianceRecorded',
      data: {
        orderId: c.orderId,
        recordedOn: requireDate(c.recordedOn, 'recordedOn'),
        details: requireText(c.details, 'details'),
      },
    },
  ];
}

export function applyForExtension(
  c: PupilCommandOf<'ApplyForSupervisionOrderExtension'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const order = orderOf(state, c.orderId, ['in-force']);
  requireDate(c.appliedOn, 'appliedOn');
  validateExtension({
    appliedOn: c.appliedOn,
    expiresOn: order.expiresOn as string,
    extensionYears: c.extensionYears,
    compulsorySchoolAgeEnds: compulsorySchoolAge(state.dateOfBirth).ends,
  });
  return [
    {
      type: 'SupervisionOrderExtensionApplied',
      data: {
        orderId: c.orderId,
        appliedOn: c.appliedOn,
        extensionYears: c.extensionYears,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function extendEso(
  c: PupilCommandOf<'RecordSupervisionOrderExtended'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const order = orderOf(state, c.orderId, ['extension-applied']);
  requireDate(c.grantedOn, 'grantedOn');
  validateExtensionGrant({ grantedOn: c.grantedOn, expiresOn: order.expiresOn as string });
  const years = order.pendingExtensionYears as number;
  const expiresOn = esoEndsAt(
    extendedEsoExpiry(order.expiresOn as string, years),
    compulsorySchoolAge(state.dateOfBirth).ends,
  );
  return [
    {
      type: 'SupervisionOrderExtended',
      data: {
        orderId: c.orderId,
        grantedOn: c.grantedOn,
        extensionYears: years,
        expiresOn,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function dischargeEso(
  c: PupilCommandOf<'RecordSupervisionOrderDischarged'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  orderOf(state, c.orderId, ['in-force', 'extension-applied']);
  return [
    {
      type: 'SupervisionOrderDischarged',
      data: {
        orderId: c.orderId,
        dischargedOn: requireDate(c.dischargedOn, 'dischargedOn'),
        applicant: requireOneOf(c.applicant, ESO_DISCHARGE_APPLICANTS, 'applicant'),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

/** Expiry, the end of compulsory school age, or a care order end an order; a job sends this on the day. */
export function endEso(
  c: PupilCommandOf<'EndSupervisionOrder'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const order = orderOf(state, c.orderId, ['in-force', 'extension-applied']);
  requireDate(c.endedOn, 'endedOn');
  const ageEnds = compulsorySchoolAge(state.dateOfBirth).ends;
  if (c.reason === 'compulsory-school-age-ended' && c.endedOn < ageEnds) {
    throw new JourneyRefused(
      'eso-not-yet-ended',
      `Compulsory school age ends on ${ageEnds}; the order does not end for that reason before then.`,
      'rule',
      { compulsorySchoolAgeEnds: ageEnds },
    );
  }
  if (c.reason === 'expired' && c.endedOn < (order.expiresOn as string)) {
    throw new JourneyRefused(
      'eso-not-yet-ended',
      `The order runs until ${order.expiresOn}.`,
      'rule',
      { expiresOn: order.expiresOn },
    );
  }
  return [
    {
      type: 'SupervisionOrderEnded',
      data: {
        orderId: c.orderId,
        endedOn: c.endedOn,
        reason: c.reason,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function referForNeglect(
  c: PupilCommandOf<'ReferForEducationNeglect'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.referralId, 'education-neglect referral');
  const referredOn = c.referredOn ?? today(context);
  requireCompulsorySchoolAge(state, referredOn);
  return [
    {
      type: 'EducationNeglectReferralMade',
      data: {
        referralId: c.referralId,
        route: requireOneOf(c.route, NEGLECT_ROUTES, 'route'),
        referredOn,
        reason: requireText(c.reason, 'reason'),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

/**
 * Children's social care's response to an education-neglect referral, as they gave it: accepted
 * for assessment, then help as a child in need (Children Act 1989 s17), a child protection enquiry
 * (s47) or no further action. Responses follow one another in time; after no further action the
 * referral is closed, and a new concern is a new referral.
 */
export function recordSocialCareResponse(
  c: PupilCommandOf<'RecordSocialCareResponse'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const referral = state.neglectReferrals.find((r) => r.referralId === c.referralId);
  if (!referral)
    throw new JourneyRefused(
      'no-such-neglect-referral',
      'There is no such education-neglect referral on this journey.',
    );
  const response = requireOneOf(c.response, SOCIAL_CARE_RESPONSES, 'response');
  // A real date, not after today (checked with every dated fact in `decide`).
  const respondedOn = c.respondedOn ?? today(context);
  const previous = referral.response ?? null;
  const after = previous?.respondedOn ?? referral.referredOn;
  if (respondedOn < after)
    throw new InvalidInput(
      `The response (${respondedOn}) cannot be before ${previous ? `the last response (${after})` : `the referral (${after})`}.`,
      { field: 'respondedOn' },
    );
  if (previous?.response === 'no-further-action')
    throw new JourneyRefused(
      'neglect-referral-closed',
      `Children's social care closed this referral with no further action on ${previous.respondedOn}; make a new referral if there is a new concern.`,
    );
  if (previous?.response === response)
    throw new JourneyRefused(
      'social-care-response-recorded',
      `This response (${response}) is already recorded for this referral, on ${previous.respondedOn}.`,
    );
  return [
    {
      type: 'SocialCareResponseRecorded',
      data: { referralId: c.referralId, response, respondedOn, notes: (c.notes ?? '').trim() },
    },
  ];
}
