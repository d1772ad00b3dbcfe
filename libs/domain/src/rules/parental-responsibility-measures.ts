/**
 * The DfE's Parental Responsibility Measures census, in its own shape: what each field counts for
 * a local authority and an academic year, from the facts of each pupil's journey.
 *
 * The field names, their order and their definitions are the DfE's published ones (`PRM_SOURCES`, ./parental-responsibility-measures-fields.ts):
 * the variable names and descriptions of the census's underlying data file (2018/19 data guidance;
 * the descriptions after `pn_withdrawn` could not be read, so those fields carry our reading of
 * the name, marked `published: false`), the file's columns and its "Main reason for issue"
 * labels (the data catalogue), and the 2024/25 release, the first year of the national
 * framework, which publishes the same measures. The DfE's guide for LAs completing the census
 * (the census documents on COLLECT) could not be found.
 *
 * Reading chosen, where the words allow two: every penalty-notice field counts the notices ISSUED
 * in the year, each in exactly one place as it stood at the end of the year (31 July, this
 * system's academic year): paid, withdrawn, prosecuted or unresolved. The DfE's own national
 * figures for 2018/19 partition that way: reasons for issue 288,239 + 1,164 + 43,985 = 333,388 =
 * pn_issued; reasons for withdrawal 3,746 + 10,219 + 5,284 + 13,901 = 33,150 = pn_withdrawn;
 * paid 236,060 + 17,305 = 253,365 = pn_paid; and paid + withdrawn + prosecuted + unresolved =
 * 333,558, within 0.05% of pn_issued.
 */
import type { IsoDate } from '../calendar';
import type { PenaltyNotice, PupilJourney } from '../pupil-journey/state';
import { PENALTY_NOTICE_REASONS, PenaltyNoticeReason } from '../pupil-journey/vocabulary';
import { paymentDeadlines, WithdrawalGround } from './penalty-notices';
import { academicYearOf } from './school-year';

/** The census's counts this system keeps per pupil (the other fields are geography, a rate or x). */
export const PRM_COUNTS = [
  'pn_issued',
  'reason_pn_hols',
  'reason_pn_late',
  'reason_pn_other',
  'pn_paid',
  'pn_paid_21',
  'pn_paid_22_28',
  'pn_withdrawn',
  'withdrawn_reason_conduct',
  'withdrawn_reason_wrong_issue',
  'withdrawn_reason_material_error',
  'withdrawn_reason_expiry_no_legal',
  'pn_prosecuted_non_payment',
  'pn_unresolved',
  'parenting_orders_granted',
  'parenting_orders_implemented',
  'parenting_orders_not_imp_prosecution',
  'parenting_orders_not_imp_lackofprovision',
  'parenting_orders_not_imp_breachbyparent',
  'parenting_contracts_offered',
  'parenting_contracts_accepted',
  'supervision_orders_total',
  'supervision_orders_inplaceofprosecution',
  'supervision_orders_inadditiontoprosecution',
] as const;
export type PrmCount = (typeof PRM_COUNTS)[number];

const REASON_FIELD = {
  'unauthorised-family-holiday': 'reason_pn_hols',
  'arriving-late': 'reason_pn_late',
  'other-unauthorised-absence': 'reason_pn_other',
} as const satisfies Record<PenaltyNotice['reason'], PrmCount>;

/**
 * The DfE's four reasons for withdrawal, from the grounds of SI 2007/1867: reg 8(a) "ought not to
 * have been issued" is what the census calls issued outside the code of conduct (our reading),
 * reg 8(b) the wrong person, reg 8(c) material errors, and reg 9 (unpaid, and the LA does not
 * prosecute) the expiry of the payment period with no legal action.
 */
const WITHDRAWAL_FIELD = {
  'ought-not-to-have-been-issued': 'withdrawn_reason_conduct',
  'issued-to-wrong-person': 'withdrawn_reason_wrong_issue',
  'material-error': 'withdrawn_reason_material_error',
  'unpaid-not-prosecuted': 'withdrawn_reason_expiry_no_legal',
} as const satisfies Record<WithdrawalGround, PrmCount>;

/**
 * Where one notice stands on `on`: withdrawn (a refund follows a paid notice's withdrawal),
 * prosecuted, paid, or unresolved.
 */
function standing(
  n: PenaltyNotice,
  on: IsoDate,
): 'withdrawn' | 'prosecuted' | 'paid' | 'unresolved' {
  if (n.withdrawal && n.withdrawal.on <= on) return 'withdrawn';
  if (n.prosecutedOn && n.prosecutedOn <= on) return 'prosecuted';
  if (n.paidOn && n.paidOn <= on) return 'paid';
  return 'unresolved';
}

/** The census fields one notice counts in, for the year it was issued in. */
export function penaltyNoticeCounts(n: PenaltyNotice): PrmCount[] {
  const counts: PrmCount[] = ['pn_issued', REASON_FIELD[n.reason]];
  const yearEnds = academicYearOf(n.issuedOn).to;
  switch (standing(n, yearEnds)) {
    case 'withdrawn':
      return [
        ...counts,
        'pn_withdrawn',
        WITHDRAWAL_FIELD[(n.withdrawal as { ground: WithdrawalGround }).ground],
      ];
    case 'prosecuted':
      return [...counts, 'pn_prosecuted_non_payment'];
    case 'paid': {
      // "Within 21 days" counts the days of the period beginning with receipt, for every notice:
      // a second notice has no reduced amount, but the census still asks when it was paid.
      const within21 =
        (n.paidOn as IsoDate) <= (paymentDeadlines(n.servedOn, 1).reducedRateEnds as IsoDate);
      return [...counts, 'pn_paid', within21 ? 'pn_paid_21' : 'pn_paid_22_28'];
    }
    case 'unresolved':
      return [...counts, 'pn_unresolved'];
  }
}

type YearCounts = Record<string, Partial<Record<PrmCount, number>>>;

/**
 * What one pupil's journey adds to the census of each academic year: penalty notices by the year
 * they were issued in; parenting orders by the year the court made them (recorded with the
 * prosecution's outcome), and whether each was implemented, as recorded; attendance contracts (the census's parenting contracts, renamed by the
 * Anti-social Behaviour Act 2003 s19 as amended) accepted by the year they start, and offered:
 * those accepted and those declined, by the day of the offer; education
 * supervision orders by the year the court made them, and whether the LA applied instead of or as
 * well as prosecuting (EA 1996 s447), where it said so.
 */
export function prmCountsOf(state: PupilJourney): YearCounts {
  const out: YearCounts = {};
  const add = (on: IsoDate, field: PrmCount) => {
    const year = (out[academicYearOf(on).label] ??= {});
    year[field] = (year[field] ?? 0) + 1;
  };
  for (const n of state.penaltyNotices) for (const c of penaltyNoticeCounts(n)) add(n.issuedOn, c);
  for (const p of state.prosecutions) {
    if (!p.parentingOrder || !p.outcomeOn) continue;
    add(p.outcomeOn, 'parenting_orders_granted');
    const done = p.parentingOrderImplementation;
    if (!done) continue;
    if (done.implemented) add(p.outcomeOn, 'parenting_orders_implemented');
    else {
      // The DfE's `not_imp_prosecution` is described as all orders not implemented (its 2018/19
      // national figures: 8 = 3 lack of provision + 5 breach by parent).
      add(p.outcomeOn, 'parenting_orders_not_imp_prosecution');
      if (done.reasonNotImplemented === 'lack-of-provision')
        add(p.outcomeOn, 'parenting_orders_not_imp_lackofprovision');
      if (done.reasonNotImplemented === 'breach-by-parent')
        add(p.outcomeOn, 'parenting_orders_not_imp_breachbyparent');
    }
  }
  // Offered: every contract agreed (by the day it starts) and every offer declined (by its day).
  for (const c of state.contracts) {
    add(c.startsOn, 'parenting_contracts_offered');
    add(c.startsOn, 'parenting_contracts_accepted');
  }
  for (const o of state.contractsDeclined) add(o.offeredOn, 'parenting_contracts_offered');
  for (const o of state.supervisionOrders) {
    if (!o.grantedOn) continue;
    add(o.grantedOn, 'supervision_orders_total');
    if (o.prosecution === 'instead-of-prosecution')
      add(o.grantedOn, 'supervision_orders_inplaceofprosecution');
    if (o.prosecution === 'as-well-as-prosecution')
      add(o.grantedOn, 'supervision_orders_inadditiontoprosecution');
  }
  return out;
}

/** The register codes behind each main reason (SI 2024/208 reg 10, table 4: unauthorised absence). */
const REASON_OF_CODE: Record<string, PenaltyNoticeReason> = {
  G: 'unauthorised-family-holiday', // holiday not granted by the school
  U: 'arriving-late', // arrived in school after registration closed
  N: 'other-unauthorised-absence', // reason not yet established
  O: 'other-unauthorised-absence', // absent in other or unknown circumstances
};

/**
 * The main reason for a notice, when the caseworker gave none: a term-time holiday recorded as the
 * reason support was not appropriate; otherwise the reason most of the sessions that met the
 * threshold were coded for (a tie goes to the reason the census lists first: holiday, late, other).
 */
export function mainReasonForNotice(
  sessions: readonly { code: string }[],
  supportNotAppropriate: string | null,
): PenaltyNoticeReason {
  if (supportNotAppropriate === 'term-time-holiday') return 'unauthorised-family-holiday';
  const tally = new Map<PenaltyNoticeReason, number>();
  for (const s of sessions) {
    const reason = REASON_OF_CODE[s.code];
    if (reason) tally.set(reason, (tally.get(reason) ?? 0) + 1);
  }
  let main: PenaltyNoticeReason = 'other-unauthorised-absence';
  let most = 0;
  for (const reason of PENALTY_NOTICE_REASONS) {
    const n = tally.get(reason) ?? 0;
    if (n > most) [main, most] = [reason, n];
  }
  return main;
}
