import {
  decideFamily,
  evolveFamily,
  FamilyCommand,
  FamilyEvent,
  FamilyRefused,
  initialFamilyState,
} from './family';

const now = new Date('2025-01-06T10:00:00Z');
const fold = (events: FamilyEvent[]) => events.reduce(evolveFamily, initialFamilyState());
const registered: FamilyEvent = {
  type: 'FamilyRegistered',
  data: { familyId: 'family-1', reference: 'F-1', registeredOn: '2025-01-06' },
};
const mum = {
  parentId: 'mum',
  reference: 'M',
  relationship: 'mother',
  hasParentalResponsibility: true,
  hasDayToDayCare: true,
};
const when = (events: FamilyEvent[], command: FamilyCommand) => () =>
  decideFamily(command, fold(events), now);

describe('the family', () => {
  it('is registered once', () => {
    expect(when([], { type: 'RegisterFamily', familyId: 'family-1', reference: 'F-1' })()).toEqual([
      registered,
    ]);
    expect(
      when([registered], { type: 'RegisterFamily', familyId: 'family-1', reference: 'F-1' }),
    ).toThrow(FamilyRefused);
    expect(when([], { type: 'LinkPupil', pupilId: 'p' })).toThrow('Register the family first.');
  });

  it('adds a parent with parental responsibility or day-to-day care (s576), and no one else', () => {
    expect(when([registered], { type: 'AddParent', ...mum })()).toEqual([
      { type: 'ParentAdded', data: mum },
    ]);
    const stepParent = {
      ...mum,
      parentId: 'step',
      hasParentalResponsibility: false,
      hasDayToDayCare: true,
    };
    expect(when([registered], { type: 'AddParent', ...stepParent })()).toHaveLength(1);
    expect(
      when([registered], {
        type: 'AddParent',
        ...mum,
        parentId: 'aunt',
        hasParentalResponsibility: false,
        hasDayToDayCare: false,
      }),
    ).toThrow(/s576/);
    expect(
      when([registered, { type: 'ParentAdded', data: mum }], { type: 'AddParent', ...mum }),
    ).toThrow(/already in the family/);
  });

  it('updates and removes parents it knows', () => {
    const withMum = [registered, { type: 'ParentAdded', data: mum } as FamilyEvent];
    expect(when(withMum, { type: 'UpdateParent', ...mum, relationship: 'guardian' })()).toEqual([
      { type: 'ParentUpdated', data: { ...mum, relationship: 'guardian' } },
    ]);
    expect(when([registered], { type: 'UpdateParent', ...mum })).toThrow(/no such parent/);
    expect(
      when(withMum, { type: 'RemoveParent', parentId: 'mum', reason: 'Moved out' })(),
    ).toHaveLength(1);
    expect(when([registered], { type: 'RemoveParent', parentId: 'mum', reason: 'x' })).toThrow(
      /no such parent/,
    );
    expect(
      fold([...withMum, { type: 'ParentUpdated', data: { ...mum, relationship: 'guardian' } }])
        .parents[0].relationship,
    ).toBe('guardian');
    expect(
      fold([...withMum, { type: 'ParentRemoved', data: { parentId: 'mum', reason: 'x' } }]).parents,
    ).toEqual([]);
  });

  it('links and unlinks pupils', () => {
    const linked = [registered, { type: 'PupilLinked', data: { pupilId: 'p-1' } } as FamilyEvent];
    expect(when([registered], { type: 'LinkPupil', pupilId: 'p-1' })()).toEqual([
      { type: 'PupilLinked', data: { pupilId: 'p-1' } },
    ]);
    expect(when(linked, { type: 'LinkPupil', pupilId: 'p-1' })).toThrow(/already linked/);
    expect(
      when(linked, { type: 'UnlinkPupil', pupilId: 'p-1', reason: 'Moved to dad' })(),
    ).toHaveLength(1);
    expect(when([registered], { type: 'UnlinkPupil', pupilId: 'p-1', reason: 'x' })).toThrow(
      /not linked/,
    );
    expect(
      fold([...linked, { type: 'PupilUnlinked', data: { pupilId: 'p-1', reason: 'x' } }]).pupilIds,
    ).toEqual([]);
  });

  it('records a family plan with its lead practitioner once', () => {
    const plan = {
      planId: 'plan-1',
      kind: 'whole-family-plan' as const,
      leadPractitionerId: 'lw-1',
      startsOn: '2025-01-13',
      summary: 'One plan',
    };
    expect(when([registered], { type: 'RecordFamilyPlan', ...plan })()).toEqual([
      { type: 'FamilyPlanRecorded', data: plan },
    ]);
    const recorded = [registered, { type: 'FamilyPlanRecorded', data: plan } as FamilyEvent];
    expect(when(recorded, { type: 'RecordFamilyPlan', ...plan })).toThrow(/already recorded/);
    expect(fold(recorded).plans).toEqual([
      {
        planId: 'plan-1',
        kind: 'whole-family-plan',
        leadPractitionerId: 'lw-1',
        startsOn: '2025-01-13',
      },
    ]);
  });
});
