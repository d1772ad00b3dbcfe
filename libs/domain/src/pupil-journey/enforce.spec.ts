import { PenaltyNoticeLimitReached } from '../rules';
import { contextOn, given } from '../testing/given-when-then';
import {
  DAD,
  family,
  holiday,
  linked,
  MUM,
  ntiIssued,
  ntiNotImproved,
  OFFENCE,
  penaltyNoticeIssued,
  readyForPenaltyNotice,
  registered,
  registerWeeks,
  supportNotEngaged,
  supportOffered,
} from '../testing/journey-fixtures';
import { JourneyRefused, ParentNotLinked, SupportFirstRequired } from './decide/guards';
import type { PupilCommand, PupilCommandOf } from './commands';
import type { PupilEvent } from './events';

const on = (date: string) => contextOn(date, family);
const issue = (over: Partial<PupilCommandOf<'IssuePenaltyNotice'>> = {}): PupilCommand => ({
  type: 'IssuePenaltyNotice',
  noticeId: 'pn-1',
  parentId: MUM,
  issuedOn: '2025-05-01',
  offencePeriod: OFFENCE,
  issuedBy: 'headteacher',
  ...over,
});

describe('penalty notices (WTISA 2024 ch. 6)', () => {
  it('issues a first notice: £160, or £80 if paid within 21 days of presumed service', () => {
    given(readyForPenaltyNotice)
      .when(issue(), on('2025-05-01'))
      .thenRecords(([event]) => {
        expect(event).toMatchObject({
          type: 'PenaltyNoticeIssued',
          data: {
            noticeId: 'pn-1',
            parentId: MUM,
            issuedOn: '2025-05-01',
            servedOn: '2025-05-05', // Thursday + 2 working days = Monday
            sequence: 1,
            amount: 160,
            reducedAmount: 80,
            reducedRateEnds: '2025-05-26',
            paymentEnds: '2025-06-02',
            noticeToImproveId: `nti-${MUM}`,
            supportNotAppropriate: null,
            ruleSetVersion: 'national-2024-08-19',
          },
        });
        if (event.type === 'PenaltyNoticeIssued') {
          expect(event.data.threshold).toMatchObject({
            count: 10,
            firstSchoolWeek: '2025-01-06',
            lastSchoolWeek: '2025-03-10',
          });
          expect(event.data.threshold.sessions).toHaveLength(10);
        }
      });
  });

  it('issues each parent their own notice for the child', () => {
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1),
      ntiIssued(DAD),
      ntiNotImproved(DAD),
    ];
    given(history)
      .when(issue({ noticeId: 'pn-2', parentId: DAD }), on('2025-05-01'))
      .thenRecords(([event]) =>
        expect(event).toMatchObject({ data: { parentId: DAD, sequence: 1, reducedAmount: 80 } }),
      );
  });

  it('issues a second notice within 3 years at £160 flat', () => {
    const later = { from: '2025-03-17', to: '2025-05-23' };
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-1', MUM, '2025-03-20', 1),
      ...registerWeeks(1, 10, '2025-03-17'),
      ntiIssued(MUM, '2025-05-26', 'nti-2'),
      {
        ...ntiNotImproved(),
        data: { ...ntiNotImproved().data, noticeId: 'nti-2', recordedOn: '2025-07-07' },
      } as never,
    ];
    given(history)
      .when(
        issue({ noticeId: 'pn-2', offencePeriod: later, issuedOn: '2025-07-10' }),
        on('2025-07-10'),
      )
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          data: { sequence: 2, amount: 160, reducedAmount: null, reducedRateEnds: null },
        }),
      );
  });

  it('refuses a third notice within 3 years, saying when one could next be issued', () => {
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-a', MUM, '2024-10-01', 1, { from: '2024-09-02', to: '2024-09-27' }),
      penaltyNoticeIssued('pn-b', MUM, '2024-12-01', 2, { from: '2024-10-01', to: '2024-11-29' }),
    ];
    given(history)
      .when(issue(), on('2025-05-01'))
      .thenThrows(PenaltyNoticeLimitReached, /before 2027-10-01/);
  });

  it('does not count a withdrawn notice towards the limit', () => {
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-a', MUM, '2024-10-01', 1, { from: '2024-09-02', to: '2024-09-27' }),
      {
        type: 'PenaltyNoticeWithdrawn',
        data: {
          noticeId: 'pn-a',
          withdrawnOn: '2024-10-10',
          ground: 'issued-to-wrong-person',
          explanation: 'x',
          refundDue: 0,
          ruleSetVersion: 'v',
        },
      } as const,
      penaltyNoticeIssued('pn-b', MUM, '2024-12-01', 2, { from: '2024-10-01', to: '2024-11-29' }),
    ];
    given(history)
      .when(issue(), on('2025-05-01'))
      .thenRecords(([event]) => expect(event).toMatchObject({ data: { sequence: 2 } }));
  });

  it('refuses a notice when the threshold is not met in the offence period (9 sessions)', () => {
    const history = [
      registered,
      linked,
      ...registerWeeks(1, 9),
      supportOffered,
      ntiIssued(),
      ntiNotImproved(),
    ];
    given(history)
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /9 unauthorised sessions/);
  });

  it('puts support first: no notice without recorded support', () => {
    given([registered, linked, ...registerWeeks(1)])
      .when(issue(), on('2025-05-01'))
      .thenThrows(SupportFirstRequired);
  });

  it('needs a notice to improve first where support was appropriate', () => {
    given([registered, linked, ...registerWeeks(1), supportOffered, supportNotEngaged])
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /notice to improve first/);
  });

  it('needs the improvement period to have ended', () => {
    const history = [
      registered,
      linked,
      ...registerWeeks(1),
      supportOffered,
      ntiIssued(MUM, '2025-04-14'),
    ];
    given(history)
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /notice to improve first/);
  });

  it('does not follow a notice to improve that brought sufficient improvement', () => {
    const improved = {
      ...ntiNotImproved(),
      data: { ...ntiNotImproved().data, outcome: 'improved' },
    } as never;
    given([registered, linked, ...registerWeeks(1), supportOffered, ntiIssued(), improved])
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /notice to improve first/);
  });

  it('skips support and the notice to improve for a term-time holiday', () => {
    given([registered, linked, ...registerWeeks(1), holiday])
      .when(issue(), on('2025-05-01'))
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          data: { noticeToImproveId: null, supportNotAppropriate: 'term-time-holiday' },
        }),
      );
  });

  it('names only parents of the pupil’s family', () => {
    given(readyForPenaltyNotice)
      .when(issue({ parentId: 'parent-stranger' }), on('2025-05-01'))
      .thenThrows(ParentNotLinked);
  });

  it('needs the pupil linked to a family', () => {
    given([registered, ...registerWeeks(1), holiday])
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /Link this pupil to their family/);
  });

  it('is never for a pupil at an independent school', () => {
    const independent = {
      ...registered,
      data: { ...registered.data, schoolType: 'independent' },
    } as never;
    given([independent, linked, ...registerWeeks(1), holiday])
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /independent schools/);
  });

  it('is only for a pupil of compulsory school age', () => {
    const young = {
      ...registered,
      data: { ...registered.data, dateOfBirth: '2020-09-01' },
    } as never;
    given([young, linked, ...registerWeeks(1), holiday])
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /compulsory school age/);
  });

  it('refuses a second notice to the same parent for an overlapping offence', () => {
    const history = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-04-01', 1)];
    given(history)
      .when(issue({ noticeId: 'pn-2' }), on('2025-05-01'))
      .thenThrows(JourneyRefused, /overlapping offence period/);
  });

  it('refuses an offence period that ends after the issue date, or before it starts', () => {
    given(readyForPenaltyNotice)
      .when(issue({ offencePeriod: { from: '2025-01-06', to: '2025-06-01' } }), on('2025-05-01'))
      .thenThrows(Error, /cannot end after/);
    given(readyForPenaltyNotice)
      .when(issue({ offencePeriod: { from: '2025-03-14', to: '2025-01-06' } }), on('2025-05-01'))
      .thenThrows(Error, /ends before it starts/);
  });

  it('is issued only by those the regulations allow', () => {
    given(readyForPenaltyNotice)
      .when(issue({ issuedBy: 'teaching-assistant' as never }), on('2025-05-01'))
      .thenThrows(JourneyRefused, /headteacher/);
  });

  it('is not issued under the old scheme, before 19 August 2024', () => {
    given([registered, linked, ...registerWeeks(1, 10, '2024-05-06'), holiday])
      .when(
        issue({ issuedOn: '2024-08-01', offencePeriod: { from: '2024-05-06', to: '2024-07-12' } }),
        on('2024-08-01'),
      )
      .thenThrows(JourneyRefused, /old scheme/);
  });

  it('refuses a repeated notice id', () => {
    const history = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', DAD, '2025-04-01', 1)];
    given(history)
      .when(issue(), on('2025-05-01'))
      .thenThrows(JourneyRefused, /already recorded/);
  });
});

describe('paying and withdrawing penalty notices', () => {
  const issued = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1)];
  const pay = (paidOn: string, amount: number): PupilCommand => ({
    type: 'RecordPenaltyNoticePayment',
    noticeId: 'pn-1',
    paidOn,
    amount,
  });

  it('takes £80 on day 21', () => {
    given(issued)
      .when(pay('2025-05-26', 80), on('2025-05-26'))
      .then([
        { type: 'PenaltyNoticePaid', data: { noticeId: 'pn-1', paidOn: '2025-05-26', amount: 80 } },
      ]);
  });

  it('wants £160 on day 22', () => {
    given(issued)
      .when(pay('2025-05-27', 80), on('2025-05-27'))
      .thenThrows(JourneyRefused, /£160 is due/);
    given(issued)
      .when(pay('2025-05-27', 160), on('2025-05-27'))
      .thenRecords((events) => expect(events).toHaveLength(1));
  });

  it('takes no payment after day 28: prosecute or withdraw', () => {
    given(issued)
      .when(pay('2025-06-03', 160), on('2025-06-03'))
      .thenThrows(JourneyRefused, /prosecute or withdraw/);
  });

  it('takes no payment dated in the future, or for a notice already paid or unknown', () => {
    given(issued)
      .when(pay('2025-05-20', 80), on('2025-05-10'))
      .thenThrows(Error, /future/);
    const paid = [
      ...issued,
      {
        type: 'PenaltyNoticePaid',
        data: { noticeId: 'pn-1', paidOn: '2025-05-20', amount: 80 },
      } as const,
    ];
    given(paid)
      .when(pay('2025-05-21', 80), on('2025-05-21'))
      .thenThrows(JourneyRefused, /is paid/);
    given(issued)
      .when(
        { type: 'RecordPenaltyNoticePayment', noticeId: 'pn-x', paidOn: '2025-05-21', amount: 80 },
        on('2025-05-21'),
      )
      .thenThrows(JourneyRefused, /no such penalty notice/);
  });

  it('withdraws on a listed ground, refunding what was paid', () => {
    const paid = [
      ...issued,
      {
        type: 'PenaltyNoticePaid',
        data: { noticeId: 'pn-1', paidOn: '2025-05-20', amount: 80 },
      } as const,
    ];
    given(paid)
      .when(
        {
          type: 'WithdrawPenaltyNotice',
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-10',
          ground: 'material-error',
          explanation: 'Wrong dates on the notice',
        },
        on('2025-06-10'),
      )
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          type: 'PenaltyNoticeWithdrawn',
          data: { refundDue: 80, ground: 'material-error' },
        }),
      );
  });

  it('withdraws on no other ground', () => {
    given(issued)
      .when(
        {
          type: 'WithdrawPenaltyNotice',
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-10',
          ground: 'parent-complained' as never,
          explanation: 'x',
        },
        on('2025-06-10'),
      )
      .thenThrows(JourneyRefused, /only be withdrawn/);
  });

  it('cannot withdraw twice, nor pay a withdrawn notice', () => {
    const withdrawn = [
      ...issued,
      {
        type: 'PenaltyNoticeWithdrawn',
        data: {
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-10',
          ground: 'material-error',
          explanation: 'x',
          refundDue: 0,
          ruleSetVersion: 'v',
        },
      } as const,
    ];
    given(withdrawn)
      .when(
        {
          type: 'WithdrawPenaltyNotice',
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-11',
          ground: 'material-error',
          explanation: 'x',
        },
        on('2025-06-11'),
      )
      .thenThrows(JourneyRefused, /already withdrawn/);
    given(withdrawn)
      .when(pay('2025-05-20', 80), on('2025-06-11'))
      .thenThrows(JourneyRefused, /withdrawn; it cannot be paid/);
  });
});

describe('notices to improve', () => {
  const ready = [registered, linked, ...registerWeeks(1), supportOffered];
  const nti = (over: Partial<PupilCommandOf<'IssueNoticeToImprove'>> = {}): PupilCommand => ({
    type: 'IssueNoticeToImprove',
    noticeId: 'nti-1',
    parentId: MUM,
    issuedOn: '2025-03-17',
    sufficientImprovement: 'No unauthorised absence',
    ...over,
  });

  it('gives the code of conduct’s improvement period by default', () => {
    given(ready)
      .when(nti(), on('2025-03-17'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { improvementWeeks: 6, periodEndsOn: '2025-04-28' } }),
      );
  });

  it('accepts 3 weeks and refuses 7', () => {
    given(ready)
      .when(nti({ improvementWeeks: 3 }), on('2025-03-17'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { periodEndsOn: '2025-04-07' } }));
    given(ready)
      .when(nti({ improvementWeeks: 7 }), on('2025-03-17'))
      .thenThrows(Error, /3 to 6/);
  });

  it('needs support first', () => {
    given([registered, linked]).when(nti(), on('2025-03-17')).thenThrows(SupportFirstRequired);
  });

  it('is one at a time per parent', () => {
    given([...ready, ntiIssued(MUM)])
      .when(nti({ noticeId: 'nti-2' }), on('2025-03-18'))
      .thenThrows(JourneyRefused, /already has a notice to improve/);
  });

  it('records its outcome only once the period has ended', () => {
    const history = [...ready, ntiIssued(MUM)];
    const outcome = (recordedOn: string): PupilCommand => ({
      type: 'RecordNoticeToImproveOutcome',
      noticeId: `nti-${MUM}`,
      outcome: 'not-improved',
      recordedOn,
    });
    given(history)
      .when(outcome('2025-04-27'), on('2025-04-27'))
      .thenThrows(JourneyRefused, /runs until 2025-04-28/);
    given(history)
      .when(outcome('2025-04-28'), on('2025-04-28'))
      .thenRecords(([e]) => expect(e.type).toBe('NoticeToImproveOutcomeRecorded'));
    given([...history, ntiNotImproved()])
      .when(outcome('2025-04-29'), on('2025-04-29'))
      .thenThrows(JourneyRefused, /already recorded/);
    given(history)
      .when({ ...outcome('2025-04-29'), noticeId: 'nope' } as PupilCommand, on('2025-04-29'))
      .thenThrows(JourneyRefused, /no such notice/);
  });
});

describe('prosecution (Education Act 1996 s444)', () => {
  const ready = [...readyForPenaltyNotice];
  const prosecute = (over: Partial<PupilCommandOf<'StartProsecution'>> = {}): PupilCommand => ({
    type: 'StartProsecution',
    prosecutionId: 'pros-1',
    section: 's444(1)',
    parentIds: [MUM],
    offencePeriod: OFFENCE,
    laidOn: '2025-06-01',
    esoNotAppliedForReason:
      'Family refused to engage with supervision; social care advised against',
    ...over,
  });

  it('starts when an ESO was considered, within 6 months of the offence', () => {
    given(ready)
      .when(prosecute(), on('2025-06-01'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          type: 'ProsecutionStarted',
          data: { section: 's444(1)', parentIds: [MUM] },
        }),
      );
  });

  it('needs an education supervision order to have been considered (s447)', () => {
    given(ready)
      .when(prosecute({ esoNotAppliedForReason: ' ' }), on('2025-06-01'))
      .thenThrows(JourneyRefused, /s447/);
  });

  it('must be laid within 6 months of the offence', () => {
    given(ready)
      .when(prosecute({ laidOn: '2025-09-15' }), on('2025-09-15'))
      .thenThrows(JourneyRefused, /by 2025-09-14/);
  });

  it('is barred by a paid penalty notice for the same offence', () => {
    const paid = [
      ...ready,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1),
      {
        type: 'PenaltyNoticePaid',
        data: { noticeId: 'pn-1', paidOn: '2025-05-20', amount: 80 },
      } as PupilEvent,
    ];
    given(paid)
      .when(prosecute(), on('2025-06-01'))
      .thenThrows(JourneyRefused, /was paid for this offence/);
  });

  it('is barred by a withdrawn notice for the same offence', () => {
    const withdrawn = [
      ...ready,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1),
      {
        type: 'PenaltyNoticeWithdrawn',
        data: {
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-10',
          ground: 'material-error',
          explanation: 'x',
          refundDue: 0,
          ruleSetVersion: 'v',
        },
      } as const,
    ];
    given(withdrawn)
      .when(prosecute(), on('2025-06-11'))
      .thenThrows(JourneyRefused, /was withdrawn/);
  });

  it('follows an unpaid notice, which then counts as prosecuted and can no longer be withdrawn', () => {
    const unpaid = [...ready, penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1)];
    given(unpaid)
      .when(prosecute(), on('2025-06-10'))
      .thenRecords((events) => expect(events).toHaveLength(1));
    const started = [
      ...unpaid,
      {
        type: 'ProsecutionStarted',
        data: {
          prosecutionId: 'pros-1',
          section: 's444(1)',
          parentIds: [MUM],
          offencePeriod: OFFENCE,
          laidOn: '2025-06-10',
          esoConsideration: 'x',
          ruleSetVersion: 'v',
        },
      } as PupilEvent,
    ];
    given(started)
      .when(
        {
          type: 'WithdrawPenaltyNotice',
          noticeId: 'pn-1',
          withdrawnOn: '2025-06-11',
          ground: 'material-error',
          explanation: 'x',
        },
        on('2025-06-11'),
      )
      .thenThrows(JourneyRefused, /prosecution has started/);
  });

  it('needs support first and named parents', () => {
    given([registered, linked, ...registerWeeks(1)])
      .when(prosecute(), on('2025-06-01'))
      .thenThrows(SupportFirstRequired);
    given(ready)
      .when(prosecute({ parentIds: [] }), on('2025-06-01'))
      .thenThrows(Error, /Name the parent/);
  });

  it('records its outcome once, with a parenting order only after a conviction', () => {
    const started = [
      ...ready,
      {
        type: 'ProsecutionStarted',
        data: {
          prosecutionId: 'pros-1',
          section: 's444(1A)',
          parentIds: [MUM],
          offencePeriod: OFFENCE,
          laidOn: '2025-06-10',
          esoConsideration: 'x',
          ruleSetVersion: 'v',
        },
      } as PupilEvent,
    ];
    const outcome = (o: 'convicted' | 'acquitted', parentingOrder = false): PupilCommand => ({
      type: 'RecordProsecutionOutcome',
      prosecutionId: 'pros-1',
      outcome: o,
      recordedOn: '2025-08-01',
      parentingOrder,
    });
    given(started)
      .when(outcome('convicted', true), on('2025-08-01'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { outcome: 'convicted', parentingOrder: true } }),
      );
    given(started)
      .when(outcome('acquitted', true), on('2025-08-01'))
      .thenThrows(Error, /only follow a conviction/);
    given(started)
      .when({ ...outcome('acquitted'), prosecutionId: 'nope' } as PupilCommand, on('2025-08-01'))
      .thenThrows(JourneyRefused, /no such prosecution/);
    const done = [
      ...started,
      {
        type: 'ProsecutionOutcomeRecorded',
        data: {
          prosecutionId: 'pros-1',
          outcome: 'acquitted',
          recordedOn: '2025-08-01',
          sentence: '',
          parentingOrder: false,
          ruleSetVersion: 'v',
        },
      } as const,
    ];
    given(done)
      .when(outcome('convicted'), on('2025-08-02'))
      .thenThrows(JourneyRefused, /already recorded/);
  });
});
