import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { contextOn, fold, given } from '../testing/given-when-then';
import {
  MUM,
  penaltyNoticeIssued,
  readyForPenaltyNotice,
  registered,
  supportOffered,
} from '../testing/journey-fixtures';
import { JourneyRefused } from './decide/guards';
import { summarisePupilJourney } from './summary';
import { decide } from './decide';

const on = (date: string) => contextOn(date);
const closed = {
  type: 'CaseClosed',
  data: { reason: 'improved', explanation: '', closedOn: '2025-06-01', ruleSetVersion: 'v' },
} as const;

describe('moving up and down the journey', () => {
  it('only goes up with activity, and steps down on request to an earlier stage', () => {
    expect(fold([registered, supportOffered]).stage).toBe('facilitate-support');
    given([registered, supportOffered])
      .when(
        { type: 'StepDown', toStage: 'monitor', reason: 'Attendance back above 95%' },
        on('2025-06-01'),
      )
      .then([
        {
          type: 'SteppedDown',
          data: {
            toStage: 'monitor',
            reason: 'Attendance back above 95%',
            steppedDownOn: '2025-06-01',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
      ]);
    given([registered, supportOffered])
      .when({ type: 'StepDown', toStage: 'enforce', reason: 'x' }, on('2025-06-01'))
      .thenThrows(JourneyRefused, /earlier stage/);
    const steppedDown = {
      type: 'SteppedDown',
      data: { toStage: 'monitor', reason: 'x', steppedDownOn: '2025-06-01', ruleSetVersion: 'v' },
    } as const;
    const laterConcern = {
      type: 'ConcernRaised',
      data: {
        concernId: 'c-9',
        raisedOn: '2025-06-02',
        raisedBy: 'person',
        rule: null,
        summary: 's',
      },
    } as const;
    expect(fold([registered, supportOffered, steppedDown, laterConcern]).stage).toBe('monitor');
  });

  it('closes a case with a reason, and then refuses anything but reopening it', () => {
    given([registered])
      .when({ type: 'CloseCase', reason: 'improved' }, on('2025-06-01'))
      .then([
        {
          type: 'CaseClosed',
          data: {
            reason: 'improved',
            explanation: '',
            closedOn: '2025-06-01',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
      ]);
    given([registered, closed])
      .when({ type: 'RaiseConcern', concernId: 'c', summary: 's' }, on('2025-06-02'))
      .thenThrows(JourneyRefused, /closed; reopen/);
    given([registered, closed])
      .when({ type: 'ReopenCase', reason: 'Absence again' }, on('2025-09-10'))
      .then([
        { type: 'CaseReopened', data: { reason: 'Absence again', reopenedOn: '2025-09-10' } },
      ]);
    given([registered])
      .when({ type: 'ReopenCase', reason: 'x' }, on('2025-09-10'))
      .thenThrows(JourneyRefused, /is open/);
    expect(
      fold([
        registered,
        closed,
        { type: 'CaseReopened', data: { reason: 'x', reopenedOn: '2025-09-10' } },
      ]).status,
    ).toBe('open');
  });

  it('does not close a case with a penalty notice unresolved', () => {
    given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1)])
      .when({ type: 'CloseCase', reason: 'improved' }, on('2025-05-10'))
      .thenThrows(JourneyRefused, /unresolved/);
  });

  it('records which rule set each decision was made under', () => {
    const local = { ...NATIONAL_DEFAULTS, version: 'kent-2025-09-01' };
    const [event] = decide(
      { type: 'CloseCase', reason: 'other', explanation: 'Moved abroad' },
      fold([registered]),
      contextOn('2025-06-01', undefined, { codeOfConduct: local }),
    );
    expect(event).toMatchObject({ data: { ruleSetVersion: 'kent-2025-09-01' } });
  });
});

describe('the journey summary', () => {
  it('shows stage, attendance, the threshold and what is open, as of a date', () => {
    const history = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1)];
    const summary = summarisePupilJourney(fold(history), '2025-05-02');
    expect(summary).toMatchObject({
      pupilId: 'pupil-1',
      stage: 'enforce',
      status: 'open',
      familyId: 'family-1',
    });
    expect(summary.attendance.overall).toMatchObject({
      possible: 100,
      attended: 90,
      persistentAbsence: true,
    });
    expect(summary.threshold.met).toBe(true);
    expect(summary.openItems.unpaidPenaltyNotices).toEqual([
      { noticeId: 'pn-1', parentId: MUM, reducedRateEnds: '2025-05-22', paymentEnds: '2025-05-29' },
    ]);
    expect(summary.openItems.noticesToImprove).toEqual([]);
    expect(summary.openItems.pendingPanelReferral).toBeNull();
  });

  it('shows nothing that had not happened by the date', () => {
    expect(
      summarisePupilJourney(fold(readyForPenaltyNotice), '2025-01-31').attendance.overall.possible,
    ).toBe(40);
  });

  it('lists active contracts with their next review, orders in force, open notices, a pending referral and prosecutions', () => {
    const V = 'v';
    const history = [
      registered,
      {
        type: 'AttendanceContractAgreed',
        data: {
          contractId: 'ac-1',
          parentIds: [MUM],
          parentCommitments: [],
          supportCommitments: [],
          startsOn: '2025-03-03',
          endsOn: '2025-05-30',
          reviewDates: ['2025-04-14', '2025-05-26'],
          ruleSetVersion: V,
        },
      },
      {
        type: 'SupervisionOrderApplied',
        data: { orderId: 'eso-1', appliedOn: '2025-02-10', ruleSetVersion: V },
      },
      {
        type: 'NoticeToImproveIssued',
        data: {
          noticeId: 'nti-1',
          parentId: MUM,
          issuedOn: '2025-03-17',
          improvementWeeks: 6,
          periodEndsOn: '2025-04-28',
          sufficientImprovement: 'x',
          ruleSetVersion: V,
        },
      },
      {
        type: 'ReferredToPanel',
        data: { referralId: 'ref-1', reason: 'x', referredOn: '2025-04-01' },
      },
      {
        type: 'ProsecutionStarted',
        data: {
          prosecutionId: 'p-1',
          section: 's444(1)',
          parentIds: [MUM],
          offencePeriod: { from: '2025-01-06', to: '2025-03-14' },
          laidOn: '2025-04-20',
          esoConsideration: 'x',
          ruleSetVersion: V,
        },
      },
    ] as Parameters<typeof fold>[0];
    const { openItems } = summarisePupilJourney(fold(history), '2025-04-20');
    expect(openItems.activeContracts).toEqual([
      { contractId: 'ac-1', endsOn: '2025-05-30', nextReviewOn: '2025-05-26', notKept: false },
    ]);
    expect(openItems.supervisionOrders).toEqual([
      { orderId: 'eso-1', status: 'applied', expiresOn: null },
    ]);
    expect(openItems.noticesToImprove).toEqual([
      { noticeId: 'nti-1', parentId: MUM, periodEndsOn: '2025-04-28' },
    ]);
    expect(openItems.pendingPanelReferral).toEqual({
      referralId: 'ref-1',
      referredOn: '2025-04-01',
    });
    expect(openItems.prosecutions).toEqual([{ prosecutionId: 'p-1', laidOn: '2025-04-20' }]);
    expect(
      summarisePupilJourney(fold(history), '2025-06-01').openItems.activeContracts[0].nextReviewOn,
    ).toBeNull();
  });
});
