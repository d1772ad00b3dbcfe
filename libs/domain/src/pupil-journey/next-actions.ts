/**
 * What is due next on a journey: the dated actions a caseworker must take or watch, each with the
 * date it falls due. They depend on the journey alone, not on today's date, so a read model can
 * keep them; whether one is overdue is a question for the moment it is asked.
 */
import type { IsoDate } from '../calendar';
import { extensionWindowOpens, prosecuteOrWithdrawDue, prosecutionDeadline } from '../rules';
import type { PupilJourney } from './state';

export const NEXT_ACTION_KINDS = [
  'panel-decision',
  'contract-review',
  'contract-ends',
  'notice-to-improve-period-ends',
  'penalty-notice-reduced-rate-ends',
  'penalty-notice-payment-ends',
  'prosecute-or-withdraw',
  'prosecution-time-limit',
  'eso-extension-window-opens',
  'eso-expires',
  /** An action agreed for the pupil at a targeting support meeting (kept by that meeting's stream). */
  'targeting-support-action',
  /** A school's referral or penalty notice request, for the LA to answer from the day it was made. */
  'school-request',
] as const;
export type NextActionKind = (typeof NEXT_ACTION_KINDS)[number];

export interface NextAction {
  kind: NextActionKind;
  due: IsoDate;
  /** The contract, notice, order or referral the action is about. */
  ref: string;
  /** The parent it concerns, for notices (per parent per child). */
  parentId?: string;
}

const byDueThenKind = (a: NextAction, b: NextAction): number =>
  a.due !== b.due
    ? a.due < b.due
      ? -1
      : 1
    : NEXT_ACTION_KINDS.indexOf(a.kind) - NEXT_ACTION_KINDS.indexOf(b.kind);

/** Every open dated action on the journey, earliest first (a closed case has none). */
export function nextActions(state: PupilJourney): NextAction[] {
  if (state.status !== 'open') return [];
  const actions: NextAction[] = [];
  for (const r of state.panelReferrals) {
    if (r.decision === null)
      actions.push({ kind: 'panel-decision', due: r.referredOn, ref: r.referralId });
  }
  for (const c of state.contracts) {
    if (c.status === 'ended') continue;
    const review = c.reviewDates.find((d) => c.lastReview === null || d > c.lastReview);
    if (review) actions.push({ kind: 'contract-review', due: review, ref: c.contractId });
    actions.push({ kind: 'contract-ends', due: c.endsOn, ref: c.contractId });
  }
  for (const n of state.noticesToImprove) {
    if (n.outcome !== null) continue;
    actions.push({
      kind: 'notice-to-improve-period-ends',
      due: n.periodEndsOn,
      ref: n.noticeId,
      parentId: n.parentId,
    });
  }
  for (const n of state.penaltyNotices) {
    if (n.status !== 'issued') continue;
    const about = { ref: n.noticeId, parentId: n.parentId };
    if (n.reducedRateEnds)
      actions.push({ kind: 'penalty-notice-reduced-rate-ends', due: n.reducedRateEnds, ...about });
    actions.push({ kind: 'penalty-notice-payment-ends', due: n.paymentEnds, ...about });
    // Unpaid once the 28 days are over: the LA must decide to prosecute or withdraw.
    actions.push({
      kind: 'prosecute-or-withdraw',
      due: prosecuteOrWithdrawDue(n.paymentEnds),
      ...about,
    });
    actions.push({
      kind: 'prosecution-time-limit',
      due: prosecutionDeadline(n.offencePeriod.to),
      ...about,
    });
  }
  for (const o of state.supervisionOrders) {
    if (!o.expiresOn) continue;
    if (o.status === 'in-force')
      actions.push({
        kind: 'eso-extension-window-opens',
        due: extensionWindowOpens(o.expiresOn),
        ref: o.orderId,
      });
    if (o.status === 'in-force' || o.status === 'extension-applied')
      actions.push({ kind: 'eso-expires', due: o.expiresOn, ref: o.orderId });
  }
  for (const r of state.schoolRequests ?? [])
    if (!r.answer) actions.push({ kind: 'school-request', due: r.requestedOn, ref: r.requestId });
  return actions.sort(byDueThenKind);
}
