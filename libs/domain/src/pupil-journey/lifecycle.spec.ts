import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { contextOn, fold, given } from '../testing/given-when-then';
import { InvalidInput } from '../errors';
import {
  family,
  holiday,
  linked,
  MUM,
  ntiIssued,
  OFFENCE,
  penaltyNoticeIssued,
  readyForPenaltyNotice,
  registered,
  registerWeeks,
  supportNotEngaged,
  supportOffered,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { CaseClosed, JourneyRefused, SupportFirstRequired } from './decide/guards';
import type { PupilEvent } from './events';
import { summarisePupilJourney } from './summary';
import type { Stage } from './vocabulary';

const on = (date: string) => contextOn(date);
const closed = {
  type: 'CaseClosed',
  data: { reason: 'improved', explanation: '', closedOn: '2025-06-01', ruleSetVersion: 'v' },
} as const;
const reopened: PupilEvent = {
  type: 'CaseReopened',
  data: { reason: 'Absence again', reopenedOn: '2025-09-10' },
};
const issue: PupilCommand = {
  type: 'IssuePenaltyNotice',
  noticeId: 'pn-1',
  parentId: MUM,
  issuedOn: '2025-05-01',
  offencePeriod: OFFENCE,
  issuedBy: 'headteacher',
};

const steppedDown = (toStage: Stage = 'monitor'): PupilEvent => ({
  type: 'SteppedDown',
  data: { toStage, reason: 'x', steppedDownOn: '2025-06-01', ruleSetVersion: 'v' },
});
const concern: PupilEvent = {
  type: 'ConcernRaised',
  data: { concernId: 'c-9', raisedOn: '2025-06-02', raisedBy: 'person', rule: null, summary: 's' },
};
const conversation: PupilEvent = {
  type: 'ConversationRecorded',
  data: {
    conversationId: 'conv-1',
    heldOn: '2025-06-02',
    withWhom: ['mother'],
    barriers: ['transport'],
    barrierNotes: '',
    pupilVoice: '',
    agreedNextSteps: [],
  },
};
const contract: PupilEvent = {
  type: 'AttendanceContractAgreed',
  data: {
    contractId: 'ac-1',
    parentIds: [MUM],
    parentCommitments: [],
    supportCommitments: [],
    startsOn: '2025-03-03',
    endsOn: '2025-05-30',
    reviewDates: [],
    ruleSetVersion: 'v',
  },
};

describe('moving up and down the journey', () => {
  it('starts at expect', () => {
    expect(fold([registered]).stage).toBe('expect');
  });

  it.each([
    ['a concern', concern, 'monitor'],
    ['a conversation', conversation, 'listen-and-understand'],
    ['support', supportOffered, 'facilitate-support'],
    ['an attendance contract', contract, 'formalise-support'],
    ['a notice to improve', ntiIssued(), 'enforce'],
  ] as const)('moves up to the stage %s belongs to', (_, event, stage) => {
    expect(fold([registered, event]).stage).toBe(stage);
  });

  it('never moves down with activity of an earlier stage', () => {
    expect(fold([registered, ntiIssued(), conversation]).stage).toBe('enforce');
  });

  it('steps down on request to an earlier stage, with the reason', () => {
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
  });

  it('refuses a step down to a later stage', () => {
    given([registered, supportOffered])
      .when({ type: 'StepDown', toStage: 'enforce', reason: 'x' }, on('2025-06-01'))
      .thenThrows(JourneyRefused, /earlier stage than the current one \(facilitate-support\)/);
  });

  it('refuses a step down to a stage the guidance does not have', () => {
    given([registered, supportOffered])
      .when({ type: 'StepDown', toStage: 'purgatory' as never, reason: 'x' }, on('2025-06-01'))
      .thenThrows(InvalidInput, /toStage must be one of: expect, monitor/);
  });

  it('refuses a step down to the current stage', () => {
    given([registered, supportOffered])
      .when({ type: 'StepDown', toStage: 'facilitate-support', reason: 'x' }, on('2025-06-01'))
      .thenThrows(JourneyRefused, /earlier stage/);
  });

  it('stays down until activity of a later stage moves it up again', () => {
    expect(fold([registered, supportOffered, steppedDown('monitor'), concern]).stage).toBe(
      'monitor',
    );
    expect(fold([registered, supportOffered, steppedDown('expect'), conversation]).stage).toBe(
      'listen-and-understand',
    );
  });

  it('after a step down, support comes first again despite an earlier holiday', () => {
    given([registered, linked, ...registerWeeks(1), holiday, steppedDown('monitor')])
      .when(issue, contextOn('2025-05-01', family))
      .thenThrows(SupportFirstRequired);
  });
});

describe('closing and reopening a case', () => {
  it('closes a case with a reason', () => {
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
  });

  it('refuses anything but reopening a closed case', () => {
    given([registered, closed])
      .when({ type: 'RaiseConcern', concernId: 'c', summary: 's' }, on('2025-06-02'))
      .thenThrows(CaseClosed, /closed; reopen/);
  });

  it('refuses to close a closed case', () => {
    given([registered, closed])
      .when({ type: 'CloseCase', reason: 'other' }, on('2025-06-02'))
      .thenThrows(CaseClosed);
  });

  it('reopens a closed case with a reason', () => {
    given([registered, closed])
      .when({ type: 'ReopenCase', reason: 'Absence again' }, on('2025-09-10'))
      .then([
        { type: 'CaseReopened', data: { reason: 'Absence again', reopenedOn: '2025-09-10' } },
      ]);
  });

  it('does not reopen an open case', () => {
    given([registered])
      .when({ type: 'ReopenCase', reason: 'x' }, on('2025-09-10'))
      .thenThrows(JourneyRefused, /is open/);
  });

  it('is open again once reopened', () => {
    expect(fold([registered, closed, reopened]).status).toBe('open');
  });

  it('after reopening, support comes first again despite an earlier holiday', () => {
    given([registered, linked, ...registerWeeks(1), holiday, closed, reopened])
      .when(issue, contextOn('2025-05-01', family))
      .thenThrows(SupportFirstRequired);
  });

  it('does not close a case with a penalty notice unresolved', () => {
    given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1)])
      .when({ type: 'CloseCase', reason: 'improved' }, on('2025-05-10'))
      .thenThrows(JourneyRefused, /pn-1 is unresolved: record payment, prosecute or withdraw/);
  });
});

describe('what every decision carries, and what it refuses', () => {
  it('records which rule set each decision was made under', () => {
    const local = { ...NATIONAL_DEFAULTS, version: 'kent-2025-09-01' };
    given([registered])
      .when(
        { type: 'CloseCase', reason: 'other', explanation: 'Moved abroad' },
        contextOn('2025-06-01', undefined, { codeOfConduct: local }),
      )
      .thenRecords(([event]) =>
        expect(event).toMatchObject({ data: { ruleSetVersion: 'kent-2025-09-01' } }),
      );
  });

  it('refuses a command it does not know, naming it', () => {
    given([registered])
      .when({ type: 'IssueParkingTicket' } as unknown as PupilCommand)
      .thenThrows(InvalidInput, /"IssueParkingTicket" is not a command/);
  });

  it('refuses to fold an event it does not know rather than ignore history', () => {
    expect(() =>
      fold([registered, { type: 'PupilTeleported', data: {} } as unknown as PupilEvent]),
    ).toThrow(/unknown type "PupilTeleported"/);
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
      {
        noticeId: 'pn-1',
        parentId: MUM,
        receivedOn: '2025-05-01',
        reducedRateEnds: '2025-05-21',
        paymentEnds: '2025-05-28',
      },
    ]);
    expect(summary.openItems.noticesToImprove).toEqual([]);
    expect(summary.openItems.pendingPanelReferral).toBeNull();
  });

  it('shows the threshold as met only while its window is within 6 months of the latest register', () => {
    // given a register whose window of 6 Jan - 14 Mar 2025 met the threshold
    const met = fold(readyForPenaltyNotice);
    expect(summarisePupilJourney(met, '2025-12-01').threshold).toMatchObject({
      met: true,
      firstSchoolWeek: '2025-01-06',
    });
    // when registers with no unauthorised absence arrive up to 4 July (within 6 months of 6 Jan)
    const june = fold([...readyForPenaltyNotice, ...registerWeeks(0, 1, '2025-06-30')]);
    // then it is still met
    expect(summarisePupilJourney(june, '2025-12-01').threshold.met).toBe(true);
    // when a register for the week of 7 July arrives, then 6 Jan is more than 6 months back
    const july = fold([...readyForPenaltyNotice, ...registerWeeks(0, 2, '2025-06-30')]);
    expect(summarisePupilJourney(july, '2025-12-01').threshold).toMatchObject({
      met: false,
      count: 9,
    });
    // and as of a day before that register, it was met
    expect(summarisePupilJourney(july, '2025-07-06').threshold.met).toBe(true);
  });

  it('lists no notice to resolve while it can still be paid', () => {
    const history = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1)];
    expect(
      summarisePupilJourney(fold(history), '2025-05-28').openItems.penaltyNoticesToResolve,
    ).toEqual([]);
  });

  it('lists a notice unpaid after 28 days as one to prosecute or withdraw, with the prosecution deadline', () => {
    const history = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1)];
    expect(
      summarisePupilJourney(fold(history), '2025-05-29').openItems.penaltyNoticesToResolve,
    ).toEqual([
      { noticeId: 'pn-1', parentId: MUM, paymentEnds: '2025-05-28', prosecuteBy: '2025-09-14' },
    ]);
  });

  it('shows nothing that had not happened by the date', () => {
    expect(
      summarisePupilJourney(fold(readyForPenaltyNotice), '2025-01-31').attendance.overall.possible,
    ).toBe(40);
  });

  it('lists support awaiting its outcome until the outcome is recorded', () => {
    // given support started on 4 Nov 2024
    const started = fold([registered, supportOffered]);
    // then it awaits its outcome from that day, not before
    expect(summarisePupilJourney(started, '2024-11-03').openItems.supportAwaitingOutcome).toEqual(
      [],
    );
    expect(summarisePupilJourney(started, '2024-11-04').openItems.supportAwaitingOutcome).toEqual([
      { supportId: 'support-1', kind: 'early-help-assessment', startedOn: '2024-11-04' },
    ]);
    // when its outcome is recorded, then nothing awaits one
    expect(
      summarisePupilJourney(fold([registered, supportOffered, supportNotEngaged]), '2024-12-16')
        .openItems.supportAwaitingOutcome,
    ).toEqual([]);
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
