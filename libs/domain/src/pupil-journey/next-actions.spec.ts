import {
  caseClosed,
  contractAgreed,
  contractReviewed,
  esoApplied,
  esoGranted,
  ntiIssued,
  ntiNotImproved,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  readyForPenaltyNotice,
  referredToPanel,
  registered,
} from '../testing/journey-fixtures';
import { fold } from '../testing/given-when-then';
import type { PupilEvent } from './events';
import { nextActions } from './next-actions';

const V = 'national-2024';
const referred = referredToPanel('ref-1', '2025-02-03');
const contract = contractAgreed;
const reviewed = contractReviewed;
const kindsAndDates = (events: PupilEvent[]) =>
  nextActions(fold(events)).map((a) => `${a.due} ${a.kind} ${a.ref}`);

describe('what is due next on a journey', () => {
  it('given a newly registered pupil, nothing is due', () => {
    expect(nextActions(fold([registered]))).toEqual([]);
  });

  it('given a referral awaiting the panel, the panel decision is due from the referral', () => {
    expect(kindsAndDates([registered, referred])).toEqual(['2025-02-03 panel-decision ref-1']);
  });

  it('given a panel decision, the referral no longer waits', () => {
    const decided: PupilEvent = {
      type: 'PanelDecisionRecorded',
      data: {
        referralId: 'ref-1',
        decision: 'continue-support',
        rationale: 'Keep going',
        decidedOn: '2025-02-10',
        ruleSetVersion: V,
      },
    } as PupilEvent;
    expect(kindsAndDates([registered, referred, decided])).toEqual([]);
  });

  it('given a contract, its first review and its end are due', () => {
    expect(kindsAndDates([registered, contract])).toEqual([
      '2025-02-03 contract-review contract-1',
      '2025-04-04 contract-ends contract-1',
    ]);
  });

  it('given the first review held, the next review is due', () => {
    expect(kindsAndDates([registered, contract, reviewed('2025-02-04')])).toEqual([
      '2025-03-03 contract-review contract-1',
      '2025-04-04 contract-ends contract-1',
    ]);
  });

  it('given every review held, only the end is due', () => {
    expect(kindsAndDates([registered, contract, reviewed('2025-03-03')])).toEqual([
      '2025-04-04 contract-ends contract-1',
    ]);
  });

  it('given a notice to improve without an outcome, the end of its period is due for that parent', () => {
    const actions = nextActions(fold([registered, ntiIssued('parent-mum', '2025-03-17')]));
    expect(actions).toEqual([
      {
        kind: 'notice-to-improve-period-ends',
        due: '2025-04-28',
        ref: 'nti-parent-mum',
        parentId: 'parent-mum',
      },
    ]);
  });

  it('given the notice to improve evaluated, nothing is due for it', () => {
    expect(kindsAndDates([registered, ntiIssued(), ntiNotImproved()])).toEqual([]);
  });

  it('given an unpaid first penalty notice received 6 May, £80 is payable to 26 May and £160 to 2 June (21 and 28 days beginning with receipt, SI 2007/1867 reg 4 as amended), and prosecute-or-withdraw is due on 3 June', () => {
    const issued = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-05-06', 1);
    expect(kindsAndDates([...readyForPenaltyNotice, issued])).toEqual([
      '2025-05-26 penalty-notice-reduced-rate-ends pn-1',
      '2025-06-02 penalty-notice-payment-ends pn-1',
      '2025-06-03 prosecute-or-withdraw pn-1',
      '2025-09-14 prosecution-time-limit pn-1',
    ]);
  });

  it('given a second notice (no reduced rate), no reduced-rate point is due', () => {
    const issued = penaltyNoticeIssued('pn-2', 'parent-mum', '2025-05-06', 2);
    expect(kindsAndDates([...readyForPenaltyNotice, issued])[0]).toBe(
      '2025-06-02 penalty-notice-payment-ends pn-2',
    );
  });

  it('given the notice paid, nothing is due for it', () => {
    const issued = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-05-06', 1);
    const paid = penaltyNoticePaid('pn-1', '2025-05-20', 80);
    expect(kindsAndDates([...readyForPenaltyNotice, issued, paid])).toEqual([]);
  });

  it('given an order applied for but not yet made, nothing is due for it', () => {
    expect(kindsAndDates([registered, esoApplied])).toEqual([]);
  });

  it('given an order in force, its extension window and its expiry are due', () => {
    expect(kindsAndDates([registered, esoApplied, esoGranted])).toEqual([
      '2025-12-02 eso-extension-window-opens eso-1',
      '2026-03-02 eso-expires eso-1',
    ]);
  });

  it('given an extension applied for, only the expiry is due', () => {
    const applied: PupilEvent = {
      type: 'SupervisionOrderExtensionApplied',
      data: { orderId: 'eso-1', appliedOn: '2025-12-03', extensionYears: 1, ruleSetVersion: V },
    };
    expect(kindsAndDates([registered, esoApplied, esoGranted, applied])).toEqual([
      '2026-03-02 eso-expires eso-1',
    ]);
  });

  it('given a closed case, nothing is due', () => {
    const closed = caseClosed('2025-03-01');
    expect(kindsAndDates([registered, referred, closed])).toEqual([]);
  });

  it('given two actions on one day, the panel decision comes before a contract review', () => {
    const sameDay: PupilEvent = {
      type: 'ReferredToPanel',
      data: { referralId: 'ref-2', reason: 'x', referredOn: '2025-02-03' },
    };
    expect(kindsAndDates([registered, contract, sameDay])).toEqual([
      '2025-02-03 panel-decision ref-2',
      '2025-02-03 contract-review contract-1',
      '2025-04-04 contract-ends contract-1',
    ]);
  });
});
