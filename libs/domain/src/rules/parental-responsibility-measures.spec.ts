/**
 * The DfE's Parental Responsibility Measures census, field by field (definitions and sources in
 * PRM_CENSUS_FIELDS): given a journey, what it adds to each academic year's census.
 */
import { addDays } from '../calendar';
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import type { PupilEvent } from '../pupil-journey/events';
import { fold } from '../testing/given-when-then';
import {
  esoApplied,
  esoGranted,
  MUM,
  DAD,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  prosecutionOutcome,
  prosecutionStarted,
  registered,
} from '../testing/journey-fixtures';
import { mainReasonForNotice, PRM_COUNTS, prmCountsOf } from './parental-responsibility-measures';
import { PRM_CENSUS_FIELDS } from './parental-responsibility-measures-fields';
import { paymentDeadlines, WithdrawalGround } from './penalty-notices';

const V = NATIONAL_DEFAULTS.version;
const Y = '2024/25';
const counts = (...events: PupilEvent[]) => prmCountsOf(fold([registered, ...events]));

/** A first notice to Mum issued (and presumed received) on 2 May 2025, with a main reason. */
const issued = (
  reason?: 'unauthorised-family-holiday' | 'arriving-late' | 'other-unauthorised-absence',
  noticeId = 'pn-1',
  issuedOn = '2025-05-02',
  parentId = MUM,
): PupilEvent => {
  const e = penaltyNoticeIssued(noticeId, parentId, issuedOn, 1) as Extract<
    PupilEvent,
    { type: 'PenaltyNoticeIssued' }
  >;
  return { ...e, data: { ...e.data, ...(reason ? { reason } : {}) } };
};
const withdrawn = (ground: WithdrawalGround, withdrawnOn = '2025-05-20', noticeId = 'pn-1') =>
  ({
    type: 'PenaltyNoticeWithdrawn',
    data: { noticeId, withdrawnOn, ground, explanation: 'x', refundDue: 0, ruleSetVersion: V },
  }) as PupilEvent;
const reducedPeriodEnds = paymentDeadlines('2025-05-02', 1).reducedRateEnds as string;

describe('the census counts penalty notices issued in the year (DfE pn_issued)', () => {
  it('counts each notice in the academic year it was issued in', () => {
    expect(
      counts(
        issued('arriving-late', 'pn-1', '2025-05-02', MUM),
        issued('arriving-late', 'pn-2', '2025-05-02', DAD),
        issued('arriving-late', 'pn-3', '2025-09-15', MUM),
      ),
    ).toMatchObject({ [Y]: { pn_issued: 2 }, '2025/26': { pn_issued: 1 } });
  });
});

describe('the main reason for issue (DfE reason_pn_hols, reason_pn_late, reason_pn_other)', () => {
  it('counts a notice issued for an unauthorised family holiday in reason_pn_hols', () => {
    expect(counts(issued('unauthorised-family-holiday'))[Y]).toMatchObject({ reason_pn_hols: 1 });
  });

  it('counts a notice issued for arriving late in reason_pn_late', () => {
    expect(counts(issued('arriving-late'))[Y]).toMatchObject({ reason_pn_late: 1 });
  });

  it('counts a notice issued for other unauthorised absence in reason_pn_other', () => {
    expect(counts(issued('other-unauthorised-absence'))[Y]).toMatchObject({ reason_pn_other: 1 });
  });

  it('puts every notice under exactly one reason', () => {
    const year = counts(issued('arriving-late'), issued(undefined, 'pn-2', '2025-05-02', DAD))[Y];
    expect(
      (year.reason_pn_hols ?? 0) + (year.reason_pn_late ?? 0) + (year.reason_pn_other ?? 0),
    ).toBe(year.pn_issued);
  });

  const sessions = (codes: string) => [...codes].map((code) => ({ code }));
  it('given no reason, takes a term-time holiday recorded as why support was not appropriate', () => {
    expect(mainReasonForNotice(sessions('NNNNNNNNNN'), 'term-time-holiday')).toBe(
      'unauthorised-family-holiday',
    );
  });

  it('given no reason, takes what most threshold sessions were coded for: G a holiday, U late, N or O other', () => {
    expect(mainReasonForNotice(sessions('GGGGGGNNNN'), null)).toBe('unauthorised-family-holiday');
    expect(mainReasonForNotice(sessions('UUUUUUONNG'), null)).toBe('arriving-late');
    expect(mainReasonForNotice(sessions('ONONONUUGG'), null)).toBe('other-unauthorised-absence');
  });

  it('given a tie, takes the reason the census lists first', () => {
    expect(mainReasonForNotice(sessions('GGGGGUUUUU'), null)).toBe('unauthorised-family-holiday');
    expect(mainReasonForNotice(sessions('UUUUUNNNNN'), null)).toBe('arriving-late');
  });

  it('reads a notice recorded before reasons were asked for with the same rule', () => {
    // The fixture's notice names no sessions and no holiday: other unauthorised circumstances.
    expect(counts(issued(undefined))[Y]).toMatchObject({ reason_pn_other: 1 });
  });
});

describe('notices paid (DfE pn_paid, pn_paid_21, pn_paid_22_28)', () => {
  it('counts a notice paid on the last day of the 21 days beginning with receipt in pn_paid_21', () => {
    expect(
      counts(issued('arriving-late'), penaltyNoticePaid('pn-1', reducedPeriodEnds, 80))[Y],
    ).toMatchObject({
      pn_paid: 1,
      pn_paid_21: 1,
    });
  });

  it('counts a notice paid the day after the 21 days in pn_paid_22_28', () => {
    const year = counts(
      issued('arriving-late'),
      penaltyNoticePaid('pn-1', addDays(reducedPeriodEnds, 1), 160),
    )[Y];
    expect(year).toMatchObject({ pn_paid: 1, pn_paid_22_28: 1 });
    expect(year.pn_paid_21).toBeUndefined();
  });

  it('makes pn_paid the sum of pn_paid_21 and pn_paid_22_28', () => {
    const year = counts(
      issued('arriving-late', 'pn-1'),
      issued('arriving-late', 'pn-2', '2025-05-02', DAD),
      penaltyNoticePaid('pn-1', '2025-05-03', 80),
      penaltyNoticePaid('pn-2', addDays(reducedPeriodEnds, 2), 160),
    )[Y];
    expect(year.pn_paid).toBe((year.pn_paid_21 ?? 0) + (year.pn_paid_22_28 ?? 0));
  });

  it('counts a notice paid and then withdrawn (and refunded) as withdrawn, not paid', () => {
    const year = counts(
      issued('arriving-late'),
      penaltyNoticePaid('pn-1', '2025-05-03', 80),
      withdrawn('material-error', '2025-05-10'),
    )[Y];
    expect(year).toMatchObject({ pn_withdrawn: 1 });
    expect(year.pn_paid).toBeUndefined();
  });
});

describe('notices withdrawn, and why (DfE pn_withdrawn and withdrawn_reason_*; SI 2007/1867 regs 8 and 9)', () => {
  it.each([
    ['ought-not-to-have-been-issued', 'withdrawn_reason_conduct'],
    ['issued-to-wrong-person', 'withdrawn_reason_wrong_issue'],
    ['material-error', 'withdrawn_reason_material_error'],
    ['unpaid-not-prosecuted', 'withdrawn_reason_expiry_no_legal'],
  ] as const)('counts a notice withdrawn as %s in pn_withdrawn and %s', (ground, field) => {
    expect(counts(issued('arriving-late'), withdrawn(ground, '2025-06-20'))[Y]).toEqual({
      pn_issued: 1,
      reason_pn_late: 1,
      pn_withdrawn: 1,
      [field]: 1,
    });
  });
});

describe('notices followed by prosecution, and unresolved (DfE pn_prosecuted_non_payment, pn_unresolved)', () => {
  const offence = { from: '2025-03-03', to: '2025-03-28' };
  const onOffence = (): PupilEvent => {
    const e = issued('other-unauthorised-absence');
    return { ...e, data: { ...e.data, offencePeriod: offence } } as PupilEvent;
  };

  it('counts an unpaid notice followed by a prosecution for the same offence in pn_prosecuted_non_payment', () => {
    expect(
      counts(onOffence(), prosecutionStarted('pros-1', [MUM], offence, '2025-06-16'))[Y],
    ).toMatchObject({ pn_prosecuted_non_payment: 1 });
  });

  it('counts a notice neither paid, withdrawn nor prosecuted by 31 July in pn_unresolved', () => {
    expect(counts(onOffence())[Y]).toMatchObject({ pn_unresolved: 1 });
  });

  it('counts a notice resolved only after the year ended as unresolved at the end of its year', () => {
    const year = counts(onOffence(), prosecutionStarted('pros-1', [MUM], offence, '2025-08-04'))[Y];
    expect(year).toMatchObject({ pn_unresolved: 1 });
    expect(year.pn_prosecuted_non_payment).toBeUndefined();
  });

  it('puts every notice issued in exactly one of paid, withdrawn, prosecuted or unresolved', () => {
    const year = counts(
      issued('arriving-late', 'pn-1', '2025-05-02', MUM),
      issued('arriving-late', 'pn-2', '2025-05-02', DAD),
      penaltyNoticePaid('pn-1', '2025-05-03', 80),
    )[Y];
    const outcomes = ['pn_paid', 'pn_withdrawn', 'pn_prosecuted_non_payment', 'pn_unresolved'];
    expect(outcomes.reduce((n, f) => n + (year[f as keyof typeof year] ?? 0), 0)).toBe(2);
  });
});

describe('parenting orders, contracts and education supervision orders', () => {
  it('counts a parenting order made with a prosecution outcome in parenting_orders_granted, in the year it was made', () => {
    const convicted = prosecutionOutcome('convicted') as Extract<
      PupilEvent,
      { type: 'ProsecutionOutcomeRecorded' }
    >;
    const withOrder = { ...convicted, data: { ...convicted.data, parentingOrder: true } };
    // Laid in June 2025 (2024/25); the outcome, with the order, on 1 August 2025 (2025/26).
    expect(counts(prosecutionStarted(), withOrder)).toEqual({
      '2025/26': { parenting_orders_granted: 1 },
    });
    expect(counts(prosecutionStarted(), convicted)).toEqual({});
  });

  it.each([
    [true, undefined, 'parenting_orders_implemented'],
    [false, 'lack-of-provision', 'parenting_orders_not_imp_lackofprovision'],
    [false, 'breach-by-parent', 'parenting_orders_not_imp_breachbyparent'],
  ] as const)(
    'counts a parenting order recorded as implemented=%s (%s) in %s, each not implemented also in the total not implemented',
    (implemented, reason, field) => {
      const convicted = prosecutionOutcome('convicted') as Extract<
        PupilEvent,
        { type: 'ProsecutionOutcomeRecorded' }
      >;
      const year = counts(
        prosecutionStarted(),
        { ...convicted, data: { ...convicted.data, parentingOrder: true } },
        {
          type: 'ParentingOrderImplementationRecorded',
          data: {
            prosecutionId: 'pros-1',
            implemented,
            reasonNotImplemented: reason ?? null,
            recordedOn: '2025-09-01',
            ruleSetVersion: V,
          },
        },
      )['2025/26'];
      expect(year).toEqual({
        parenting_orders_granted: 1,
        [field]: 1,
        ...(implemented ? {} : { parenting_orders_not_imp_prosecution: 1 }),
      });
    },
  );

  it('counts an attendance contract starting in the year in parenting_contracts_accepted and _offered', () => {
    const agreed: PupilEvent = {
      type: 'AttendanceContractAgreed',
      data: {
        contractId: 'c-1',
        parentIds: [MUM],
        parentCommitments: ['x'],
        supportCommitments: ['y'],
        startsOn: '2025-03-03',
        endsOn: '2025-05-30',
        reviewDates: ['2025-04-14'],
        ruleSetVersion: V,
      },
    };
    expect(counts(agreed)[Y]).toEqual({
      parenting_contracts_offered: 1,
      parenting_contracts_accepted: 1,
    });
  });

  it('counts a contract offered and declined in parenting_contracts_offered only, in the year offered', () => {
    const declined: PupilEvent = {
      type: 'AttendanceContractDeclined',
      data: {
        offerId: 'o-1',
        parentIds: [MUM],
        offeredOn: '2025-07-31',
        reason: 'No',
        ruleSetVersion: V,
      },
    };
    expect(counts(declined)).toEqual({ [Y]: { parenting_contracts_offered: 1 } });
  });

  it('counts an education supervision order in supervision_orders_total in the year the court made it', () => {
    expect(counts(esoApplied)).toEqual({});
    expect(counts(esoApplied, esoGranted)[Y]).toEqual({ supervision_orders_total: 1 });
  });

  it.each([
    ['instead-of-prosecution', 'supervision_orders_inplaceofprosecution'],
    ['as-well-as-prosecution', 'supervision_orders_inadditiontoprosecution'],
  ] as const)('counts an order applied for %s in %s', (prosecution, field) => {
    const applied = { ...esoApplied, data: { ...esoApplied.data, prosecution } } as PupilEvent;
    expect(counts(applied, esoGranted)[Y]).toEqual({ supervision_orders_total: 1, [field]: 1 });
  });
});

describe('the census fields', () => {
  it('lists the DfE data file’s 41 columns once each, in its order, counting each count field', () => {
    const names = PRM_CENSUS_FIELDS.map((f) => f.name);
    expect(names).toHaveLength(41);
    expect(new Set(names).size).toBe(41);
    expect(names.slice(0, 3)).toEqual(['time_period', 'time_identifier', 'geographic_level']);
    expect(names.at(-1)).toBe('supervision_orders_inadditiontoprosecution');
    const counted = PRM_CENSUS_FIELDS.filter((f) => f.from === 'count' && f.name !== 'enrolments');
    expect(counted.map((f) => f.name).sort()).toEqual([...PRM_COUNTS].sort());
  });
});
