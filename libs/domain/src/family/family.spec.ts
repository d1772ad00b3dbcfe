import { InvalidInput } from '../errors';
import { foldFamily, givenFamily } from '../testing/given-when-then';
import type { FamilyEvent, Parent } from './family';
import { familyStreamId, FamilyRefused, NotAParentOrCarer } from './family';

const now = new Date('2025-01-06T10:00:00Z');
const registered: FamilyEvent = {
  type: 'FamilyRegistered',
  data: { familyId: 'family-1', reference: 'F-1', registeredOn: '2025-01-06' },
};
const mum: Parent = {
  parentId: 'mum',
  reference: 'M',
  relationship: 'mother',
  hasParentalResponsibility: true,
  hasDayToDayCare: true,
};
const TODAY = '2025-01-06';
const mumAdded: FamilyEvent = { type: 'ParentAdded', data: { ...mum, addedOn: TODAY } };
const pupilLinked: FamilyEvent = { type: 'PupilLinked', data: { pupilId: 'p-1', linkedOn: TODAY } };
const plan = {
  planId: 'plan-1',
  kind: 'whole-family-plan' as const,
  leadPractitionerId: 'lp-1',
  startsOn: '2025-01-06',
  summary: 'One plan',
};

describe('registering a family', () => {
  it('registers a family on the day of the command', () => {
    givenFamily([])
      .when({ type: 'RegisterFamily', familyId: 'family-1', reference: 'F-1' }, now)
      .then([registered]);
  });

  it('registers it once', () => {
    givenFamily([registered])
      .when({ type: 'RegisterFamily', familyId: 'family-1', reference: 'F-1' }, now)
      .thenThrows(FamilyRefused, /already registered/);
  });

  it('wants a reference', () => {
    givenFamily([])
      .when({ type: 'RegisterFamily', familyId: 'family-1', reference: ' ' }, now)
      .thenThrows(InvalidInput, /reference must be given/);
  });

  it('records nothing for a family not yet registered', () => {
    givenFamily([])
      .when({ type: 'LinkPupil', pupilId: 'p' })
      .thenThrows(FamilyRefused, 'Register the family first.');
  });

  it('lives in its own stream', () => {
    expect(familyStreamId('family-1')).toBe('family-family-1');
  });
});

describe('parents and carers (Education Act 1996 s576)', () => {
  it('adds a parent with parental responsibility', () => {
    givenFamily([registered])
      .when({ type: 'AddParent', ...mum }, now)
      .then([mumAdded]);
  });

  it('adds a carer with day-to-day care but no parental responsibility', () => {
    const carer = { ...mum, parentId: 'gran', hasParentalResponsibility: false };
    givenFamily([registered])
      .when({ type: 'AddParent', ...carer }, now)
      .then([{ type: 'ParentAdded', data: { ...carer, addedOn: TODAY } }]);
  });

  it('refuses someone with neither parental responsibility nor day-to-day care', () => {
    givenFamily([registered])
      .when(
        { type: 'AddParent', ...mum, hasParentalResponsibility: false, hasDayToDayCare: false },
        now,
      )
      .thenThrows(NotAParentOrCarer, /s576/);
  });

  it('refuses the same parent twice', () => {
    givenFamily([registered, mumAdded])
      .when({ type: 'AddParent', ...mum }, now)
      .thenThrows(FamilyRefused, /already in the family/);
  });

  it('wants the relationship', () => {
    givenFamily([registered])
      .when({ type: 'AddParent', ...mum, relationship: '' }, now)
      .thenThrows(InvalidInput, /relationship must be given/);
  });

  it('updates a parent it knows', () => {
    const updated = { ...mum, hasDayToDayCare: false };
    givenFamily([registered, mumAdded])
      .when({ type: 'UpdateParent', ...updated }, now)
      .then([{ type: 'ParentUpdated', data: { ...updated, updatedOn: TODAY } }]);
  });

  it('keeps s576 on update', () => {
    givenFamily([registered, mumAdded])
      .when(
        { type: 'UpdateParent', ...mum, hasParentalResponsibility: false, hasDayToDayCare: false },
        now,
      )
      .thenThrows(NotAParentOrCarer);
  });

  it('updates no parent it does not know', () => {
    givenFamily([registered])
      .when({ type: 'UpdateParent', ...mum }, now)
      .thenThrows(FamilyRefused, /no such parent/);
  });

  it('removes a parent with a reason', () => {
    givenFamily([registered, mumAdded])
      .when({ type: 'RemoveParent', parentId: 'mum', reason: 'Moved out' }, now)
      .then([
        { type: 'ParentRemoved', data: { parentId: 'mum', reason: 'Moved out', removedOn: TODAY } },
      ]);
  });

  it('removes no parent it does not know', () => {
    givenFamily([registered])
      .when({ type: 'RemoveParent', parentId: 'mum', reason: 'x' }, now)
      .thenThrows(FamilyRefused, /no such parent/);
  });

  it('folds additions, updates and removals into the current parents', () => {
    const dad = { ...mum, parentId: 'dad', relationship: 'father' };
    const state = foldFamily([
      registered,
      mumAdded,
      { type: 'ParentAdded', data: { ...dad, addedOn: TODAY } },
      { type: 'ParentUpdated', data: { ...dad, hasDayToDayCare: false, updatedOn: TODAY } },
      { type: 'ParentRemoved', data: { parentId: 'mum', reason: 'x', removedOn: TODAY } },
    ]);
    expect(state.parents).toEqual([{ ...dad, hasDayToDayCare: false }]);
  });
});

describe('pupils in the family', () => {
  it('links a pupil', () => {
    givenFamily([registered]).when({ type: 'LinkPupil', pupilId: 'p-1' }, now).then([pupilLinked]);
  });

  it('links a pupil once: linking again records nothing (so a link cut short can be completed)', () => {
    givenFamily([registered, pupilLinked])
      .when({ type: 'LinkPupil', pupilId: 'p-1' }, now)
      .then([]);
  });

  it('unlinks a linked pupil with a reason', () => {
    givenFamily([registered, pupilLinked])
      .when({ type: 'UnlinkPupil', pupilId: 'p-1', reason: 'Moved to father' }, now)
      .then([
        {
          type: 'PupilUnlinked',
          data: { pupilId: 'p-1', reason: 'Moved to father', unlinkedOn: TODAY },
        },
      ]);
  });

  it('unlinks only a linked pupil', () => {
    givenFamily([registered])
      .when({ type: 'UnlinkPupil', pupilId: 'p-1', reason: 'x' }, now)
      .thenThrows(FamilyRefused, /not linked/);
  });

  it('folds links and unlinks into the family’s pupils', () => {
    const state = foldFamily([
      registered,
      pupilLinked,
      { type: 'PupilLinked', data: { pupilId: 'p-2', linkedOn: TODAY } },
      { type: 'PupilUnlinked', data: { pupilId: 'p-1', reason: 'x', unlinkedOn: TODAY } },
    ]);
    expect(state.pupilIds).toEqual(['p-2']);
  });
});

describe('family plans (one assessment, one plan, one lead practitioner)', () => {
  it('records a whole-family plan with its lead practitioner', () => {
    givenFamily([registered])
      .when({ type: 'RecordFamilyPlan', ...plan }, now)
      .then([{ type: 'FamilyPlanRecorded', data: plan }]);
  });

  it('records a plan once', () => {
    givenFamily([registered, { type: 'FamilyPlanRecorded', data: plan }])
      .when({ type: 'RecordFamilyPlan', ...plan }, now)
      .thenThrows(FamilyRefused, /already recorded/);
  });

  it('wants a lead practitioner', () => {
    givenFamily([registered])
      .when({ type: 'RecordFamilyPlan', ...plan, leadPractitionerId: '' }, now)
      .thenThrows(InvalidInput, /leadPractitionerId must be given/);
  });

  it('wants a real start date', () => {
    givenFamily([registered])
      .when({ type: 'RecordFamilyPlan', ...plan, startsOn: '2025-02-30' }, now)
      .thenThrows(InvalidInput, /startsOn/);
  });

  it('knows only the kinds of plan the guidance names', () => {
    givenFamily([registered])
      .when({ type: 'RecordFamilyPlan', ...plan, kind: 'vibes' as never }, now)
      .thenThrows(InvalidInput, /whole-family-plan, early-help-plan/);
  });

  it('keeps the plan and its lead practitioner on the family', () => {
    expect(foldFamily([registered, { type: 'FamilyPlanRecorded', data: plan }]).plans).toEqual([
      {
        planId: 'plan-1',
        kind: 'whole-family-plan',
        leadPractitionerId: 'lp-1',
        startsOn: '2025-01-06',
      },
    ]);
  });
});

describe('what the family refuses', () => {
  it('refuses a command it does not know, naming it', () => {
    givenFamily([registered])
      .when({ type: 'AdoptDog' } as never, now)
      .thenThrows(InvalidInput, /"AdoptDog" is not a command a family knows/);
  });

  it('refuses to fold an event it does not know', () => {
    expect(() => foldFamily([registered, { type: 'DogAdopted', data: {} } as never])).toThrow(
      /unknown type "DogAdopted"/,
    );
  });
});
