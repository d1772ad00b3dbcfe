import { currentMarks, extensionWindowOpens, overdueNCodes } from '../../rules';
import type { DecisionContext } from '../../decision-context';
import type { PupilCommandOf } from '../commands';
import { DEADLINE_ACTIONS, DEADLINE_KINDS, nCodeRef, penaltyNoticeDueDates } from '../deadlines';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import { JourneyRefused, requireDate, requireOneOf, requireText, today } from './guards';

/** The deadline no longer means anything: what it waited for has happened (a rule, not a fault). */
export class DeadlineNoLongerApplies extends JourneyRefused {
  constructor(why: string) {
    super('deadline-no-longer-applies', `Nothing falls due: ${why}`, 'rule');
  }
}

/** Whether what the deadline waits for is still outstanding; a reason when it is not. */
function stillOutstanding(
  c: PupilCommandOf<'RecordDeadlineReached'>,
  state: PupilJourney,
  context: DecisionContext,
): string | null {
  switch (c.kind) {
    case 'notice-to-improve-evaluation-due': {
      const notice = state.noticesToImprove.find((n) => n.noticeId === c.ref);
      if (!notice) return `there is no notice to improve ${c.ref}.`;
      return notice.outcome === null ? null : 'its outcome is already recorded.';
    }
    case 'penalty-notice-reduced-rate-ended':
    case 'penalty-notice-payment-period-ended':
    case 'prosecution-time-limit-approaching': {
      const notice = state.penaltyNotices.find((n) => n.noticeId === c.ref);
      if (!notice) return `there is no penalty notice ${c.ref}.`;
      if (notice.status !== 'issued') return `the penalty notice is ${notice.status}.`;
      const dueOn = penaltyNoticeDueDates(notice, notice.offencePeriod.to)[c.kind];
      return dueOn === c.dueOn
        ? null
        : `the notice was received on ${notice.servedOn}, so this now falls due on ${dueOn}.`;
    }
    case 'attendance-contract-review-due': {
      const contract = state.contracts.find((k) => k.contractId === c.ref);
      if (!contract) return `there is no attendance contract ${c.ref}.`;
      return contract.status === 'ended' ? 'the contract has ended.' : null;
    }
    case 'supervision-order-extension-window-opens':
    case 'supervision-order-expires': {
      const order = state.supervisionOrders.find((o) => o.orderId === c.ref);
      if (!order) return `there is no supervision order ${c.ref}.`;
      if (order.status !== 'in-force' && order.status !== 'extension-applied')
        return `the order is ${order.status}.`;
      // In force (or awaiting an extension), an order always has its expiry date.
      const expiresOn = order.expiresOn as string;
      const due =
        c.kind === 'supervision-order-expires'
          ? expiresOn
          : order.status === 'in-force'
            ? extensionWindowOpens(expiresOn)
            : null;
      return due === c.dueOn ? null : 'the order has been extended or an extension applied for.';
    }
    case 'n-code-replacement-due': {
      const standing = currentMarks(state.marks).find(
        (m) => nCodeRef(m.schoolId, m.date, m.session) === c.ref,
      );
      if (standing?.code !== 'N') return 'the N code has been replaced.';
      const overdue = overdueNCodes([...state.marks], today(context), context.codeOfConduct).some(
        (n) => nCodeRef(n.schoolId, n.date, n.session) === c.ref,
      );
      return overdue ? null : 'the register shows the school days allowed have not yet passed.';
    }
  }
}

/**
 * A deadline a job saw fall due. Recording the same deadline again records nothing (a retried job
 * does no harm); a deadline whose matter is settled, or that is not yet due, is refused as a rule.
 */
export function recordDeadlineReached(
  c: PupilCommandOf<'RecordDeadlineReached'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireText(c.deadlineId, 'deadlineId');
  if (state.usedIds.includes(c.deadlineId)) return [];
  requireOneOf(c.kind, DEADLINE_KINDS, 'kind');
  requireDate(c.dueOn, 'dueOn');
  requireText(c.ref, 'ref');
  if (c.dueOn > today(context))
    throw new JourneyRefused(
      'deadline-not-yet-due',
      `This deadline falls due on ${c.dueOn}, not before.`,
      'rule',
      { dueOn: c.dueOn },
    );
  const why = stillOutstanding(c, state, context);
  if (why !== null) throw new DeadlineNoLongerApplies(why);
  return [
    {
      type: 'DeadlineReached',
      data: {
        deadlineId: c.deadlineId,
        kind: c.kind,
        dueOn: c.dueOn,
        ref: c.ref,
        action: DEADLINE_ACTIONS[c.kind],
        reachedOn: today(context),
      },
    },
  ];
}
