import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import {
  nCodeReplaced,
  ntiIssued,
  ntiNotImproved,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  penaltyNoticeWithdrawn,
  readyForPenaltyNotice,
  registered,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { CaseClosed, JourneyRefused } from './decide/guards';
import { DeadlineNoLongerApplies } from './decide/deadlines';
import { Deadline, DEADLINE_ACTIONS, deadlinesFrom, PROSECUTION_WARNING_DAYS } from './deadlines';
import type { PupilEvent } from './events';
import { evolve } from './evolve';
import { summarisePupilJourney } from './summary';

const V = NATIONAL_DEFAULTS.version;
const plan = (event: PupilEvent) => deadlinesFrom(event, NATIONAL_DEFAULTS);
const reach = (d: Deadline): PupilCommand => ({ type: 'RecordDeadlineReached', ...d });
const reached = (d: Deadline, reachedOn = d.dueOn): PupilEvent => ({
  type: 'DeadlineReached',
  data: { ...d, action: DEADLINE_ACTIONS[d.kind], reachedOn },
});
const on = (date: string) => contextOn(date);

const contractAgreed: PupilEvent = {
  type: 'AttendanceContractAgreed',
  data: {
    contractId: 'contract-1',
    parentIds: ['parent-mum'],
    parentCommitments: ['Bring her to school by 8:45'],
    supportCommitments: ['Breakfast club'],
    startsOn: '2025-03-03',
    endsOn: '2025-07-18',
    reviewDates: ['2025-04-14', '2025-05-27'],
    ruleSetVersion: V,
  },
};
const esoApplied: PupilEvent = {
  type: 'SupervisionOrderApplied',
  data: { orderId: 'eso-1', appliedOn: '2025-01-10', ruleSetVersion: V },
};
const esoGranted: PupilEvent = {
  type: 'SupervisionOrderGranted',
  data: {
    orderId: 'eso-1',
    courtDate: '2025-02-03',
    supervisorId: 'officer-1',
    expiresOn: '2026-02-02',
    ruleSetVersion: V,
  },
};
const marks = (codes: { date: string; session: 'AM' | 'PM'; code: 'N' | '/' | 'O' }[]) =>
  ({
    type: 'AttendanceMarksRecorded',
    data: {
      schoolId: 'school-a',
      from: codes[0].date,
      to: codes[codes.length - 1].date,
      marks: codes,
      receivedAt: `${codes[codes.length - 1].date}T16:00:00.000Z`,
    },
  }) as PupilEvent;

describe('deadlines planned from the journey', () => {
  it("a notice to improve is due for evaluation the day after its improvement period's last day", () => {
    expect(plan(ntiIssued('parent-mum', '2025-03-17'))).toEqual([
      {
        deadlineId: 'notice-to-improve-evaluation-due-nti-parent-mum',
        kind: 'notice-to-improve-evaluation-due',
        dueOn: '2025-04-29',
        ref: 'nti-parent-mum',
      },
    ]);
  });

  it('a first penalty notice received 1 May has its reduced rate end after 21 May and its payment period after 28 May (21 and 28 days beginning with receipt, SI 2007/1867 reg 4 as amended), and a warning 28 days before the prosecution time limit', () => {
    const deadlines = plan(penaltyNoticeIssued('pn-1', 'parent-mum', '2025-05-01', 1));
    expect(deadlines.map((d) => [d.kind, d.dueOn])).toEqual([
      ['penalty-notice-reduced-rate-ended', '2025-05-22'],
      ['penalty-notice-payment-period-ended', '2025-05-29'],
      // offence ended 14 March 2025: information by 14 September 2025
      ['prosecution-time-limit-approaching', '2025-08-17'],
    ]);
    expect(PROSECUTION_WARNING_DAYS).toBe(28);
  });

  it('a second penalty notice has no reduced rate', () => {
    const kinds = plan(penaltyNoticeIssued('pn-2', 'parent-mum', '2025-05-01', 2)).map(
      (d) => d.kind,
    );
    expect(kinds).not.toContain('penalty-notice-reduced-rate-ended');
  });

  it('a warning about the time limit never comes before the payment period has ended', () => {
    const late = plan(
      penaltyNoticeIssued('pn-1', 'parent-mum', '2025-08-20', 1, {
        from: '2025-01-06',
        to: '2025-03-14',
      }),
    );
    expect(late.find((d) => d.kind === 'prosecution-time-limit-approaching')?.dueOn).toBe(
      '2025-09-17',
    );
  });

  it('an attendance contract is due for review on each review date, each with its own id', () => {
    expect(plan(contractAgreed).map((d) => [d.deadlineId, d.dueOn])).toEqual([
      ['attendance-contract-review-due-contract-1-2025-04-14', '2025-04-14'],
      ['attendance-contract-review-due-contract-1-2025-05-27', '2025-05-27'],
    ]);
  });

  it('a supervision order can be extended from 3 months before it expires, and expires on its last day', () => {
    expect(plan(esoGranted).map((d) => [d.kind, d.dueOn])).toEqual([
      ['supervision-order-extension-window-opens', '2025-11-02'],
      ['supervision-order-expires', '2026-02-02'],
    ]);
  });

  it('an extended order has new deadlines with new ids', () => {
    const extended: PupilEvent = {
      type: 'SupervisionOrderExtended',
      data: {
        orderId: 'eso-1',
        grantedOn: '2026-01-10',
        extensionYears: 1,
        expiresOn: '2027-02-02',
        ruleSetVersion: V,
      },
    };
    const before = plan(esoGranted).map((d) => d.deadlineId);
    const after = plan(extended);
    expect(after.map((d) => d.dueOn)).toEqual(['2026-11-02', '2027-02-02']);
    for (const d of after) expect(before).not.toContain(d.deadlineId);
  });

  it('an N code is due for replacement the day after 5 working days (national default)', () => {
    const deadlines = plan(
      marks([
        { date: '2025-03-03', session: 'AM', code: 'N' },
        { date: '2025-03-03', session: 'PM', code: '/' },
      ]),
    );
    expect(deadlines).toEqual([
      {
        deadlineId: 'n-code-replacement-due-school-a/2025-03-03/AM',
        kind: 'n-code-replacement-due',
        dueOn: '2025-03-11',
        ref: 'school-a/2025-03-03/AM',
      },
    ]);
  });

  it('a session corrected to N is due for replacement too, under the same id as if it had come in the register', () => {
    const corrected: PupilEvent = {
      type: 'AttendanceMarkCorrected',
      data: {
        schoolId: 'school-a',
        date: '2025-03-03',
        session: 'AM',
        code: 'N',
        previousCode: '/',
        reason: 'Mistyped',
        receivedAt: '2025-03-04T09:00:00.000Z',
      },
    };
    expect(plan(corrected).map((d) => d.deadlineId)).toEqual([
      'n-code-replacement-due-school-a/2025-03-03/AM',
    ]);
    expect(plan({ ...corrected, data: { ...corrected.data, code: 'O' } } as PupilEvent)).toEqual(
      [],
    );
  });

  it('planning the same event twice plans the same ids (a replay schedules nothing new)', () => {
    const event = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-05-01', 1);
    expect(plan(event)).toEqual(plan(event));
  });

  it('facts that set no deadline plan none', () => {
    expect(plan(registered)).toEqual([]);
  });
});

describe('recording that a deadline fell due', () => {
  const nti = plan(ntiIssued())[0];

  it('records the deadline with what the caseworker is to do', () => {
    given([registered, ntiIssued()])
      .when(reach(nti), on(nti.dueOn))
      .then([reached(nti)]);
  });

  it('records nothing when the same deadline is recorded again (a retried job)', () => {
    given([registered, ntiIssued(), reached(nti)])
      .when(reach(nti), on('2025-05-02'))
      .then([]);
  });

  it('is refused before the day it falls due', () => {
    given([registered, ntiIssued()])
      .when(reach(nti), on('2025-04-28'))
      .thenThrows(JourneyRefused, /falls due on 2025-04-29/);
  });

  it("is refused once the notice to improve's outcome is recorded", () => {
    given([registered, ntiIssued(), ntiNotImproved()])
      .when(reach(nti), on(nti.dueOn))
      .thenThrows(DeadlineNoLongerApplies, /outcome is already recorded/);
  });

  it('is refused for a notice that does not exist', () => {
    given([registered])
      .when(reach(nti), on(nti.dueOn))
      .thenThrows(DeadlineNoLongerApplies, /no notice to improve/);
  });

  describe('penalty notices', () => {
    const issued = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-05-01', 1);
    const [reducedEnds, unpaid, warning] = plan(issued);

    it('records that the unpaid notice needs a decision to prosecute or withdraw', () => {
      given([...readyForPenaltyNotice, issued])
        .when(reach(unpaid), on(unpaid.dueOn))
        .thenRecords((events) =>
          expect(events[0]).toMatchObject({
            type: 'DeadlineReached',
            data: { kind: 'penalty-notice-payment-period-ended', ref: 'pn-1' },
          }),
        );
    });

    it('a paid notice has no payment deadline: the job is refused, not recorded', () => {
      given([...readyForPenaltyNotice, issued, penaltyNoticePaid('pn-1', '2025-05-10', 80)])
        .when(reach(unpaid), on(unpaid.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /paid/);
    });

    it('a withdrawn notice has no reduced-rate deadline', () => {
      given([...readyForPenaltyNotice, issued, penaltyNoticeWithdrawn('pn-1', '2025-05-10')])
        .when(reach(reducedEnds), on(reducedEnds.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /withdrawn/);
    });

    it('the time-limit warning stands while the notice is unpaid', () => {
      given([...readyForPenaltyNotice, issued])
        .when(reach(warning), on(warning.dueOn))
        .thenRecords((events) => expect(events).toHaveLength(1));
    });

    it('a notice that does not exist sets no deadline', () => {
      given([registered])
        .when(reach(unpaid), on(unpaid.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /no penalty notice/);
    });
  });

  describe('attendance contracts', () => {
    const [review] = plan(contractAgreed);
    it('a review falls due while the contract runs', () => {
      given([registered, contractAgreed])
        .when(reach(review), on(review.dueOn))
        .thenRecords((events) => expect(events).toHaveLength(1));
    });
    it('an ended contract has no review due', () => {
      const ended: PupilEvent = {
        type: 'AttendanceContractEnded',
        data: {
          contractId: 'contract-1',
          endedOn: '2025-04-01',
          reason: 'ended-early',
          ruleSetVersion: V,
        },
      };
      given([registered, contractAgreed, ended])
        .when(reach(review), on(review.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /ended/);
    });
    it('a contract that does not exist has no review', () => {
      given([registered])
        .when(reach(review), on(review.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /no attendance contract/);
    });
  });

  describe('supervision orders', () => {
    const [window, expiry] = plan(esoGranted);
    it('the extension window opens while the order is in force', () => {
      given([registered, esoApplied, esoGranted])
        .when(reach(window), on(window.dueOn))
        .thenRecords((events) => expect(events).toHaveLength(1));
    });
    it('the window does not open again once an extension is applied for, but the expiry still falls due', () => {
      const extensionApplied: PupilEvent = {
        type: 'SupervisionOrderExtensionApplied',
        data: { orderId: 'eso-1', appliedOn: '2025-11-10', extensionYears: 1, ruleSetVersion: V },
      };
      const history = [registered, esoApplied, esoGranted, extensionApplied];
      given(history)
        .when(reach(window), on('2025-11-12'))
        .thenThrows(DeadlineNoLongerApplies, /extension applied for/);
      given(history)
        .when(reach(expiry), on(expiry.dueOn))
        .thenRecords((events) => expect(events).toHaveLength(1));
    });
    it('an order that has ended has no expiry deadline', () => {
      const ended: PupilEvent = {
        type: 'SupervisionOrderEnded',
        data: {
          orderId: 'eso-1',
          endedOn: '2025-07-01',
          reason: 'care-order-made',
          ruleSetVersion: V,
        },
      };
      given([registered, esoApplied, esoGranted, ended])
        .when(reach(expiry), on(expiry.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /ended/);
    });
    it('an order only applied for has no expiry deadline', () => {
      given([registered, esoApplied])
        .when(reach(expiry), on(expiry.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /order is applied/);
    });
    it('an order that does not exist sets no deadline', () => {
      given([registered])
        .when(reach(expiry), on(expiry.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /no supervision order/);
    });
  });

  describe('N codes', () => {
    const nMarked = marks([{ date: '2025-03-03', session: 'AM', code: 'N' }]);
    const [n] = plan(nMarked);

    it('an N still standing after the school days allowed falls due', () => {
      given([registered, nMarked])
        .when(reach(n), on(n.dueOn))
        .thenRecords((events) =>
          expect(events[0]).toMatchObject({ data: { kind: 'n-code-replacement-due' } }),
        );
    });

    it('an N replaced by the right code does not', () => {
      const replaced = nCodeReplaced;
      given([registered, nMarked, replaced])
        .when(reach(n), on(n.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /replaced/);
    });

    it('is not yet overdue when the register shows a holiday in between (fewer school days passed)', () => {
      // Only two school days after the N are registered, ending Tuesday; the rest are projected
      // as working days from there, so the N is due later than the job's working-day estimate.
      const laterDays = marks([
        { date: '2025-03-04', session: 'AM', code: '/' },
        { date: '2025-03-10', session: 'AM', code: '/' },
      ]);
      given([registered, nMarked, laterDays])
        .when(reach(n), on(n.dueOn))
        .thenThrows(DeadlineNoLongerApplies, /not yet passed/);
    });
  });

  it('is refused on a closed case', () => {
    const closed: PupilEvent = {
      type: 'CaseClosed',
      data: {
        reason: 'moved-out-of-la',
        explanation: '',
        closedOn: '2025-04-01',
        ruleSetVersion: V,
      },
    };
    given([registered, ntiIssued(), closed]).when(reach(nti), on(nti.dueOn)).thenThrows(CaseClosed);
  });

  it('refuses a kind of deadline it does not know', () => {
    given([registered, ntiIssued()])
      .when({ ...reach(nti), kind: 'tea-time' } as never, on(nti.dueOn))
      .thenThrows(InvalidInput, /kind/);
  });

  it('shows on the journey, oldest first, as of the day it was reached', () => {
    const state = [registered, ntiIssued(), reached(nti, '2025-04-29')].reduce(evolve, fold([]));
    const summary = summarisePupilJourney(state, '2025-04-30');
    expect(summary.deadlinesReached).toEqual([
      expect.objectContaining({
        kind: 'notice-to-improve-evaluation-due',
        reachedOn: '2025-04-29',
      }),
    ]);
    expect(summarisePupilJourney(state, '2025-04-28').deadlinesReached).toEqual([]);
  });
});
