import { InvalidInput } from '../errors';
import { contextOn } from '../testing/given-when-then';
import { foldFamily, givenFamily } from '../testing/given-when-then';
import type { FamilyCommand, FamilyEvent } from './family';
import { FamilyRefused, targetOutcome } from './family';

const now = contextOn('2025-01-13').now;
const registered: FamilyEvent = {
  type: 'FamilyRegistered',
  data: { familyId: 'family-1', reference: 'F-1', registeredOn: '2025-01-06' },
};
const linked: FamilyEvent = {
  type: 'PupilLinked',
  data: { pupilId: 'p-1', linkedOn: '2025-01-06' },
};
const plan: FamilyEvent = {
  type: 'FamilyPlanRecorded',
  data: {
    planId: 'plan-1',
    kind: 'early-help-plan',
    leadPractitionerId: 'lp-1',
    startsOn: '2025-01-06',
    summary: 'Mornings and a school nurse referral',
  },
};
const actions = [
  { action: 'Breakfast club place', owner: 'school', dueOn: '2025-01-20' },
  { action: 'Morning routine with mum', owner: 'lp-1', dueOn: '2025-02-03' },
];
const target = {
  planId: 'plan-1',
  targetId: 't-1',
  pupilId: 'p-1',
  baselineRate: 82.5,
  targetRate: 92,
  by: '2025-03-28',
  actions,
};
const setTarget = (over: Partial<Extract<FamilyCommand, { type: 'SetPlanTarget' }>> = {}) =>
  ({ type: 'SetPlanTarget', ...target, ...over }) as FamilyCommand;
const targetSet: FamilyEvent = { type: 'PlanTargetSet', data: { ...target, setOn: '2025-01-13' } };
const review = (attendanceRate: number, reviewedOn = '2025-01-13'): FamilyCommand => ({
  type: 'ReviewPlanTarget',
  planId: 'plan-1',
  targetId: 't-1',
  attendanceRate,
  notes: ' Mornings better ',
  reviewedOn,
});
const reviewed = (attendanceRate: number, outcome: string): FamilyEvent =>
  ({
    type: 'PlanTargetReviewed',
    data: {
      planId: 'plan-1',
      targetId: 't-1',
      pupilId: 'p-1',
      reviewedOn: '2025-01-13',
      attendanceRate,
      targetRate: 92,
      outcome,
      notes: 'Mornings better',
    },
  }) as FamilyEvent;
const history = [registered, linked, plan];

describe('SMART attendance targets in a family plan', () => {
  it('sets a target for a child: a rate to reach by a date, from where they are, with owned actions', () => {
    givenFamily(history).when(setTarget(), now).then([targetSet]);
  });

  it('keeps the target on the plan until reviewed', () => {
    expect(foldFamily([...history, targetSet]).plans[0].targets).toEqual([
      {
        targetId: 't-1',
        pupilId: 'p-1',
        baselineRate: 82.5,
        targetRate: 92,
        by: '2025-03-28',
        setOn: '2025-01-13',
        lastReview: null,
      },
    ]);
  });

  it('refuses a target that asks for no improvement (not measurable)', () => {
    givenFamily(history)
      .when(setTarget({ targetRate: 82.5 }), now)
      .thenThrows(InvalidInput, /must be above the attendance the child has now \(82.5%\)/);
  });

  it('refuses a rate that is not a percentage of sessions', () => {
    givenFamily(history)
      .when(setTarget({ targetRate: 101 }), now)
      .thenThrows(InvalidInput, /targetRate must be a percentage/);
    givenFamily(history)
      .when(setTarget({ baselineRate: 80.25 }), now)
      .thenThrows(InvalidInput, /one decimal place/);
  });

  it('refuses a target with no date after today (not time-bound)', () => {
    givenFamily(history)
      .when(setTarget({ by: '2025-01-13' }), now)
      .thenThrows(InvalidInput, /must be after the day the target is set/);
  });

  it('refuses a target with no action (not specific)', () => {
    givenFamily(history)
      .when(setTarget({ actions: [] }), now)
      .thenThrows(InvalidInput, 'Name at least one action, with its owner and due date.');
  });

  it('refuses an action without an owner, or due after the target date', () => {
    givenFamily(history)
      .when(setTarget({ actions: [{ action: 'Call', owner: ' ', dueOn: '2025-01-20' }] }), now)
      .thenThrows(InvalidInput, 'actions[0].owner must be given.');
    givenFamily(history)
      .when(setTarget({ actions: [{ action: 'Call', owner: 'lp-1', dueOn: '2025-04-01' }] }), now)
      .thenThrows(InvalidInput, /after the target's date/);
  });

  it('sets a target only for a child of the family, in a plan it has', () => {
    givenFamily(history)
      .when(setTarget({ pupilId: 'p-9' }), now)
      .thenThrows(FamilyRefused, /link the pupil to the family first/);
    givenFamily(history)
      .when(setTarget({ planId: 'plan-9' }), now)
      .thenThrows(FamilyRefused, 'There is no such plan for this family.');
    givenFamily([...history, targetSet])
      .when(setTarget(), now)
      .thenThrows(FamilyRefused, 'This target is already set.');
  });
});

describe('reviewing a target', () => {
  it('finds it met at or above the target rate', () => {
    givenFamily([...history, targetSet])
      .when(review(92), now)
      .then([reviewed(92, 'met')]);
  });

  it('finds it partly met above where the child started but short of the target', () => {
    givenFamily([...history, targetSet])
      .when(review(88.4), now)
      .then([reviewed(88.4, 'partly-met')]);
  });

  it('finds it not met at or below where the child started', () => {
    givenFamily([...history, targetSet])
      .when(review(82.5), now)
      .then([reviewed(82.5, 'not-met')]);
  });

  it('keeps the latest review on the target', () => {
    const state = foldFamily([...history, targetSet, reviewed(88.4, 'partly-met')]);
    expect(state.plans[0].targets?.[0].lastReview).toEqual({
      reviewedOn: '2025-01-13',
      outcome: 'partly-met',
    });
  });

  it('refuses a review of a target not set, or dated before it was set', () => {
    givenFamily(history)
      .when(review(90), now)
      .thenThrows(FamilyRefused, 'There is no such target in this plan.');
    givenFamily([...history, targetSet])
      .when(review(90, '2025-01-10'), now)
      .thenThrows(InvalidInput, /before the target was set/);
  });

  it('refuses a review in the future or without a measured rate', () => {
    givenFamily([...history, targetSet])
      .when(review(90, '2025-01-14'), now)
      .thenThrows(InvalidInput, /cannot be in the future/);
    givenFamily([...history, targetSet])
      .when(review(-1), now)
      .thenThrows(InvalidInput, /attendanceRate must be a percentage/);
  });

  it('works the outcome out from the figures alone', () => {
    const target = { baselineRate: 70, targetRate: 90 };
    expect([95, 90, 89.9, 70.1, 70, 50].map((r) => targetOutcome(target, r))).toEqual([
      'met',
      'met',
      'partly-met',
      'partly-met',
      'not-met',
      'not-met',
    ]);
  });
});
