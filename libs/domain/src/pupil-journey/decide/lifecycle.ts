/** Moving through the journey: stepping down, closing, reopening. */
import type { DecisionContext } from '../../decision-context';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import { CLOSURE_REASONS, stageRank, STAGES } from '../vocabulary';
import { JourneyRefused, requireOneOf, requireText, today } from './guards';

export function stepDown(
  c: PupilCommandOf<'StepDown'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (stageRank(requireOneOf(c.toStage, STAGES, 'toStage')) >= stageRank(state.stage)) {
    throw new JourneyRefused(
      'not-a-step-down',
      `A step down goes to an earlier stage than the current one (${state.stage}).`,
      'invalid',
    );
  }
  return [
    {
      type: 'SteppedDown',
      data: {
        toStage: c.toStage,
        reason: requireText(c.reason, 'reason'),
        steppedDownOn: c.steppedDownOn ?? today(context),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function closeCase(
  c: PupilCommandOf<'CloseCase'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const unpaid = state.penaltyNotices.filter((n) => n.status === 'issued');
  if (unpaid.length) {
    throw new JourneyRefused(
      'open-penalty-notices',
      `Penalty notice ${unpaid.map((n) => n.noticeId).join(', ')} is unresolved: record payment, prosecute or withdraw before closing.`,
      'rule',
    );
  }
  return [
    {
      type: 'CaseClosed',
      data: {
        reason: requireOneOf(c.reason, CLOSURE_REASONS, 'reason'),
        explanation: c.explanation ?? '',
        closedOn: c.closedOn ?? today(context),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function reopenCase(
  c: PupilCommandOf<'ReopenCase'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (state.status !== 'closed') throw new JourneyRefused('not-closed', 'This case is open.');
  return [
    {
      type: 'CaseReopened',
      data: { reason: requireText(c.reason, 'reason'), reopenedOn: c.reopenedOn ?? today(context) },
    },
  ];
}
