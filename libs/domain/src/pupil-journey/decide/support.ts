/** Listen and understand, facilitate support, and the attendance panel. */
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import {
  BARRIERS,
  SUPPORT_KINDS,
  SUPPORT_OUTCOMES,
  SUPPORT_NOT_APPROPRIATE_REASONS,
  PANEL_DECISIONS,
} from '../vocabulary';
import {
  JourneyRefused,
  notInFuture,
  requireDate,
  requireNewId,
  requireOneOf,
  requirePeriod,
  requireText,
  today,
} from './guards';

export function recordConversation(
  c: PupilCommandOf<'RecordConversation'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.conversationId, 'conversation');
  notInFuture(requireDate(c.heldOn, 'heldOn'), context, 'heldOn');
  if (c.withWhom.length === 0)
    throw new InvalidInput('Say who the conversation was with.', { field: 'withWhom' });
  return [
    {
      type: 'ConversationRecorded',
      data: {
        conversationId: c.conversationId,
        heldOn: c.heldOn,
        withWhom: c.withWhom,
        barriers: c.barriers.map((b) => requireOneOf(b, BARRIERS, 'barriers')),
        barrierNotes: c.barrierNotes ?? '',
        pupilVoice: c.pupilVoice ?? '',
        ...(c.parentVoice?.trim() ? { parentVoice: c.parentVoice.trim() } : {}),
        agreedNextSteps: c.agreedNextSteps,
      },
    },
  ];
}

export function assignLeadPractitioner(
  c: PupilCommandOf<'AssignLeadPractitioner'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (state.leadPractitionerId === c.practitionerId) return [];
  return [
    {
      type: 'LeadPractitionerAssigned',
      data: { practitionerId: c.practitionerId, assignedOn: c.assignedOn ?? today(context) },
    },
  ];
}

export function recordSupportAction(
  c: PupilCommandOf<'RecordSupportAction'>,
  state: PupilJourney,
): PupilEvent[] {
  requireNewId(state, c.supportId, 'support action');
  requireDate(c.startedOn, 'startedOn');
  return [
    {
      type: 'SupportActionRecorded',
      data: {
        supportId: c.supportId,
        kind: requireOneOf(c.kind, SUPPORT_KINDS, 'kind'),
        description: requireText(c.description, 'description'),
        startedOn: c.startedOn,
      },
    },
  ];
}

export function recordSupportOutcome(
  c: PupilCommandOf<'RecordSupportOutcome'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (!state.support.some((s) => s.supportId === c.supportId))
    throw new JourneyRefused('unknown-support', 'There is no such support action on this journey.');
  return [
    {
      type: 'SupportOutcomeRecorded',
      data: {
        supportId: c.supportId,
        outcome: requireOneOf(c.outcome, SUPPORT_OUTCOMES, 'outcome'),
        familyEngaged: c.familyEngaged,
        recordedOn: c.recordedOn ?? today(context),
      },
    },
  ];
}

/**
 * Support first, unless it is not appropriate (WTISA 2024 ch. 6: enforcement without support is
 * right only where support is not appropriate, for example a holiday taken in term time). A record
 * for one offence period (the holiday's dates) excuses only offences overlapping it; so the period
 * must be one that happened: real dates, in order, not in the future, and in the pupil's lifetime.
 */
export function recordSupportNotAppropriate(
  c: PupilCommandOf<'RecordSupportNotAppropriate'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const offencePeriod = c.offencePeriod ? requirePeriod(c.offencePeriod) : null;
  if (offencePeriod) {
    notInFuture(offencePeriod.to, context, 'offencePeriod.to');
    if (state.dateOfBirth && offencePeriod.from < state.dateOfBirth)
      throw new InvalidInput(
        `The offence period cannot start (${offencePeriod.from}) before the pupil was born (${state.dateOfBirth}).`,
        { field: 'offencePeriod.from' },
      );
  }
  return [
    {
      type: 'SupportNotAppropriateRecorded',
      data: {
        reason: requireOneOf(c.reason, SUPPORT_NOT_APPROPRIATE_REASONS, 'reason'),
        explanation: requireText(c.explanation, 'explanation'),
        offencePeriod,
        recordedOn: c.recordedOn ?? today(context),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function referToPanel(
  c: PupilCommandOf<'ReferToPanel'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.referralId, 'panel referral');
  if (state.panelReferrals.some((r) => r.decision === null))
    throw new JourneyRefused('already-referred', 'This pupil is already waiting for the panel.');
  return [
    {
      type: 'ReferredToPanel',
      data: {
        referralId: c.referralId,
        reason: requireText(c.reason, 'reason'),
        referredOn: c.referredOn ?? today(context),
      },
    },
  ];
}

/** The conditions a panel attached, each as given; none given leaves the field out. */
function conditionsOf(conditions: string[] | undefined): { conditions?: string[] } {
  const given = (conditions ?? []).map((c) => c.trim()).filter((c) => c !== '');
  return given.length ? { conditions: given } : {};
}

export function recordPanelDecision(
  c: PupilCommandOf<'RecordPanelDecision'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const referral = state.panelReferrals.find((r) => r.referralId === c.referralId);
  if (!referral)
    throw new JourneyRefused(
      'unknown-referral',
      'There is no such panel referral on this journey.',
    );
  if (referral.decision !== null)
    throw new JourneyRefused(
      'already-decided',
      `The panel already decided this referral (${referral.decision}).`,
    );
  return [
    {
      type: 'PanelDecisionRecorded',
      data: {
        referralId: c.referralId,
        decision: requireOneOf(c.decision, PANEL_DECISIONS, 'decision'),
        rationale: requireText(c.rationale, 'rationale'),
        ...conditionsOf(c.conditions),
        decidedOn: c.decidedOn ?? today(context),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}
