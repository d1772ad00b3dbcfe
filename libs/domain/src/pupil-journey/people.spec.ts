import { InvalidInput } from '../errors';
import { caseClosed, registered, registeredWith } from '../testing/journey-fixtures';
import { contextOn, fold, given, SPEC_DAY } from '../testing/given-when-then';
import { summarisePupilJourney } from './summary';
import { nextActions } from './next-actions';
import { CaseClosed, IndependentSchoolPupil, JourneyRefused } from './decide/refusals';
import { NotAllocatedTo } from './decide/people';
import type { PupilEvent } from './events';

const allocatedTo = (practitionerId: string): PupilEvent => ({
  type: 'LeadPractitionerAssigned',
  data: { practitionerId, assignedOn: '2024-09-10' },
});
const reallocate = (from: string, to: string, reason = 'Worker-1 leaves the team') =>
  ({
    type: 'ReallocateCase',
    fromPractitionerId: from,
    toPractitionerId: to,
    reason,
  }) as const;

describe('reallocating a case from one worker to another', () => {
  it('records who it moved from and to, why and when', () => {
    given([registered, allocatedTo('worker-1')])
      .when(reallocate('worker-1', 'worker-2'))
      .then([
        {
          type: 'CaseReallocated',
          data: {
            fromPractitionerId: 'worker-1',
            toPractitionerId: 'worker-2',
            reason: 'Worker-1 leaves the team',
            reallocatedOn: SPEC_DAY,
          },
        },
      ]);
  });

  it('makes the new worker the lead practitioner', () => {
    const state = fold([
      registered,
      allocatedTo('worker-1'),
      {
        type: 'CaseReallocated',
        data: {
          fromPractitionerId: 'worker-1',
          toPractitionerId: 'worker-2',
          reason: 'Balance',
          reallocatedOn: SPEC_DAY,
        },
      },
    ]);
    expect(state.leadPractitionerId).toBe('worker-2');
  });

  it('refuses a case that is no longer with the worker it is moved from', () => {
    given([registered, allocatedTo('worker-3')])
      .when(reallocate('worker-1', 'worker-2'))
      .thenThrows(NotAllocatedTo, /allocated to worker-3, not worker-1/);
  });

  it('refuses a case with no lead practitioner', () => {
    given([registered])
      .when(reallocate('worker-1', 'worker-2'))
      .thenThrows(NotAllocatedTo, /no lead practitioner/);
  });

  it('wants a reason', () => {
    given([registered, allocatedTo('worker-1')])
      .when(reallocate('worker-1', 'worker-2', ' '))
      .thenThrows(InvalidInput, 'reason must be given.');
  });

  it('refuses moving a case to the worker who already has it', () => {
    given([registered, allocatedTo('worker-1')])
      .when(reallocate('worker-1', 'worker-1'))
      .thenThrows(InvalidInput, /someone other than/);
  });

  it('refuses a closed case', () => {
    given([registered, allocatedTo('worker-1'), caseClosed()])
      .when(reallocate('worker-1', 'worker-2'))
      .thenThrows(CaseClosed);
  });
});

describe("the child's social worker", () => {
  const allocated: PupilEvent = {
    type: 'SocialWorkerAllocated',
    data: { socialWorkerId: 'sw-1', allocatedOn: '2025-05-01' },
  };

  it('is allocated on the day given', () => {
    given([registered])
      .when({ type: 'AllocateSocialWorker', socialWorkerId: 'sw-1', allocatedOn: '2025-05-01' })
      .then([allocated]);
  });

  it('is allocated once: the same allocation again records nothing', () => {
    given([registered, allocated])
      .when({ type: 'AllocateSocialWorker', socialWorkerId: 'sw-1' })
      .then([]);
  });

  it('shows on the journey until the allocation ends', () => {
    expect(summarisePupilJourney(fold([registered, allocated]), SPEC_DAY).socialWorkerId).toBe(
      'sw-1',
    );
    const ended = fold([
      registered,
      allocated,
      {
        type: 'SocialWorkerAllocationEnded',
        data: { socialWorkerId: 'sw-1', reason: 'Closed by social care', endedOn: SPEC_DAY },
      },
    ]);
    expect(summarisePupilJourney(ended, SPEC_DAY).socialWorkerId).toBeNull();
  });

  it('ends with a reason, naming who it was', () => {
    given([registered, allocated])
      .when({ type: 'EndSocialWorkerAllocation', reason: 'Closed by social care' })
      .then([
        {
          type: 'SocialWorkerAllocationEnded',
          data: { socialWorkerId: 'sw-1', reason: 'Closed by social care', endedOn: SPEC_DAY },
        },
      ]);
  });

  it('cannot end when there is none', () => {
    given([registered])
      .when({ type: 'EndSocialWorkerAllocation', reason: 'x' })
      .thenThrows(JourneyRefused, 'This child has no social worker allocated.');
  });
});

describe('what a school asks of the LA', () => {
  it('refers a pupil to the LA with its reason', () => {
    given([registered])
      .when({ type: 'ReferToLocalAuthority', referralId: 'r-1', reason: 'Mornings are hard' })
      .then([
        {
          type: 'ReferredToLocalAuthority',
          data: { referralId: 'r-1', reason: 'Mornings are hard', referredOn: SPEC_DAY },
        },
      ]);
  });

  it('asks for a penalty notice for a named absence, and the journey shows the request', () => {
    const request = {
      type: 'RequestPenaltyNotice',
      requestId: 'pn-r-1',
      reason: 'Term-time holiday without leave',
      offencePeriod: { from: '2025-05-12', to: '2025-05-23' },
    } as const;
    given([registered])
      .when(request)
      .then([
        {
          type: 'PenaltyNoticeRequested',
          data: {
            requestId: 'pn-r-1',
            reason: 'Term-time holiday without leave',
            offencePeriod: { from: '2025-05-12', to: '2025-05-23' },
            requestedOn: SPEC_DAY,
          },
        },
      ]);
    const state = fold([
      registered,
      {
        type: 'PenaltyNoticeRequested',
        data: {
          requestId: 'pn-r-1',
          reason: 'Term-time holiday without leave',
          offencePeriod: null,
          requestedOn: SPEC_DAY,
        },
      },
    ]);
    expect(summarisePupilJourney(state, SPEC_DAY).schoolRequests).toEqual([
      {
        requestId: 'pn-r-1',
        kind: 'penalty-notice',
        reason: 'Term-time holiday without leave',
        offencePeriod: null,
        requestedOn: SPEC_DAY,
      },
    ]);
  });

  it('refuses a penalty notice request for a pupil at an independent school (WTISA 2024 ch. 6)', () => {
    given([registeredWith({ schoolType: 'independent' })])
      .when({ type: 'RequestPenaltyNotice', requestId: 'pn-r-1', reason: 'Holiday' })
      .thenThrows(IndependentSchoolPupil, /independent school/);
  });

  it('refuses an absence that ends after the request', () => {
    given([registered])
      .when(
        {
          type: 'RequestPenaltyNotice',
          requestId: 'pn-r-1',
          reason: 'Holiday',
          offencePeriod: { from: '2025-06-02', to: '2025-06-13' },
        },
        contextOn('2025-06-05'),
      )
      .thenThrows(InvalidInput, /after the request/);
  });

  it('recognises a repeated request by its id', () => {
    const referred: PupilEvent = {
      type: 'ReferredToLocalAuthority',
      data: { referralId: 'r-1', reason: 'x', referredOn: SPEC_DAY },
    };
    given([registered, referred])
      .when({ type: 'ReferToLocalAuthority', referralId: 'r-1', reason: 'x' })
      .thenThrows(JourneyRefused, /already recorded/);
  });
});

describe("the LA's answer to a school's request", () => {
  const requested: PupilEvent = {
    type: 'PenaltyNoticeRequested',
    data: {
      requestId: 'pn-r-1',
      reason: 'Holiday',
      offencePeriod: null,
      requestedOn: '2025-05-20',
    },
  };
  const declined: PupilEvent = {
    type: 'SchoolRequestAnswered',
    data: {
      requestId: 'pn-r-1',
      answer: 'declined',
      reason: 'Support first',
      answeredOn: SPEC_DAY,
    },
  };

  it('is due from the day the school asked, on the caseload, until answered', () => {
    expect(nextActions(fold([registered, requested]))).toEqual([
      { kind: 'school-request', due: '2025-05-20', ref: 'pn-r-1' },
    ]);
    expect(nextActions(fold([registered, requested, declined]))).toEqual([]);
  });

  it('records the answer with its reason, shown on the request', () => {
    given([registered, requested])
      .when({
        type: 'AnswerSchoolRequest',
        requestId: 'pn-r-1',
        answer: 'declined',
        reason: 'Support first',
      })
      .then([declined]);
    expect(
      summarisePupilJourney(fold([registered, requested, declined]), SPEC_DAY).schoolRequests[0]
        .answer,
    ).toEqual({
      answer: 'declined',
      reason: 'Support first',
      answeredOn: SPEC_DAY,
    });
  });

  it('answers once', () => {
    given([registered, requested, declined])
      .when({ type: 'AnswerSchoolRequest', requestId: 'pn-r-1', answer: 'accepted', reason: 'x' })
      .thenThrows(JourneyRefused, `This request was already declined on ${SPEC_DAY}.`);
  });

  it('answers only a request the school made, and not before it was made', () => {
    given([registered])
      .when({ type: 'AnswerSchoolRequest', requestId: 'pn-r-9', answer: 'accepted', reason: 'x' })
      .thenThrows(JourneyRefused, 'The school made no such request for this pupil.');
    given([registered, requested])
      .when({
        type: 'AnswerSchoolRequest',
        requestId: 'pn-r-1',
        answer: 'accepted',
        reason: 'x',
        answeredOn: '2025-05-19',
      })
      .thenThrows(InvalidInput, /before the request was made/);
  });
});
