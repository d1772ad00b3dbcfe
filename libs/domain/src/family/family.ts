/**
 * The family (`family-<id>` stream): the parents and carers — anyone with parental responsibility
 * or day-to-day care of a child is a parent for the Education Acts (Education Act 1996 s576) —
 * the pupils in the family, and family-level plans (one assessment, one plan, one lead practitioner).
 * Penalty notices are per parent per child, so parents have ids.
 */
import type { IsoDate } from '../calendar';
import { DomainError } from '../errors';

export interface Parent {
  parentId: string;
  reference: string;
  relationship: string;
  hasParentalResponsibility: boolean;
  hasDayToDayCare: boolean;
}

type E<T extends string, D> = { type: T; data: D };
export type FamilyEvent =
  | E<'FamilyRegistered', { familyId: string; reference: string; registeredOn: IsoDate }>
  | E<'ParentAdded', Parent>
  | E<'ParentUpdated', Parent>
  | E<'ParentRemoved', { parentId: string; reason: string }>
  | E<'PupilLinked', { pupilId: string }>
  | E<'PupilUnlinked', { pupilId: string; reason: string }>
  | E<
      'FamilyPlanRecorded',
      {
        planId: string;
        kind: 'whole-family-plan' | 'early-help-plan';
        leadPractitionerId: string;
        startsOn: IsoDate;
        summary: string;
      }
    >;

type C<T extends string, D> = { type: T } & D;
export type FamilyCommand =
  | C<'RegisterFamily', { familyId: string; reference: string }>
  | C<'AddParent', Parent>
  | C<'UpdateParent', Parent>
  | C<'RemoveParent', { parentId: string; reason: string }>
  | C<'LinkPupil', { pupilId: string }>
  | C<'UnlinkPupil', { pupilId: string; reason: string }>
  | C<
      'RecordFamilyPlan',
      {
        planId: string;
        kind: 'whole-family-plan' | 'early-help-plan';
        leadPractitionerId: string;
        startsOn: IsoDate;
        summary: string;
      }
    >;

export interface FamilyState {
  status: 'unregistered' | 'registered';
  familyId: string;
  reference: string;
  parents: Parent[];
  pupilIds: string[];
  plans: { planId: string; kind: string; leadPractitionerId: string; startsOn: IsoDate }[];
}

export class FamilyRefused extends DomainError {
  readonly kind: 'conflict' | 'rule';
  constructor(
    readonly code: string,
    message: string,
    kind: 'conflict' | 'rule' = 'conflict',
  ) {
    super(message);
    this.kind = kind;
  }
}

export const familyStreamId = (familyId: string) => `family-${familyId}`;

export const initialFamilyState = (): FamilyState => ({
  status: 'unregistered',
  familyId: '',
  reference: '',
  parents: [],
  pupilIds: [],
  plans: [],
});

export function evolveFamily(state: FamilyState, event: FamilyEvent): FamilyState {
  switch (event.type) {
    case 'FamilyRegistered':
      return {
        ...state,
        status: 'registered',
        familyId: event.data.familyId,
        reference: event.data.reference,
      };
    case 'ParentAdded':
      return { ...state, parents: [...state.parents, event.data] };
    case 'ParentUpdated':
      return {
        ...state,
        parents: state.parents.map((p) => (p.parentId === event.data.parentId ? event.data : p)),
      };
    case 'ParentRemoved':
      return { ...state, parents: state.parents.filter((p) => p.parentId !== event.data.parentId) };
    case 'PupilLinked':
      return { ...state, pupilIds: [...state.pupilIds, event.data.pupilId] };
    case 'PupilUnlinked':
      return { ...state, pupilIds: state.pupilIds.filter((id) => id !== event.data.pupilId) };
    case 'FamilyPlanRecorded': {
      const { planId, kind, leadPractitionerId, startsOn } = event.data;
      return { ...state, plans: [...state.plans, { planId, kind, leadPractitionerId, startsOn }] };
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

const checkParent = (p: Parent) => {
  if (!p.hasParentalResponsibility && !p.hasDayToDayCare) {
    throw new FamilyRefused(
      'not-a-parent',
      'A parent or carer must have parental responsibility or day-to-day care of the child (Education Act 1996 s576).',
      'rule',
    );
  }
};

export function decideFamily(command: FamilyCommand, state: FamilyState, now: Date): FamilyEvent[] {
  if (command.type === 'RegisterFamily') {
    if (state.status === 'registered')
      throw new FamilyRefused('already-registered', 'This family is already registered.');
    return [
      {
        type: 'FamilyRegistered',
        data: {
          familyId: command.familyId,
          reference: command.reference,
          registeredOn: now.toISOString().slice(0, 10),
        },
      },
    ];
  }
  if (state.status !== 'registered')
    throw new FamilyRefused('family-not-registered', 'Register the family first.');
  const parent = (id: string) => state.parents.find((p) => p.parentId === id);
  switch (command.type) {
    case 'AddParent': {
      const { type: _t, ...p } = command;
      if (parent(p.parentId))
        throw new FamilyRefused('duplicate-parent', 'This parent is already in the family.');
      checkParent(p);
      return [{ type: 'ParentAdded', data: p }];
    }
    case 'UpdateParent': {
      const { type: _t, ...p } = command;
      if (!parent(p.parentId))
        throw new FamilyRefused('unknown-parent', 'There is no such parent in this family.');
      checkParent(p);
      return [{ type: 'ParentUpdated', data: p }];
    }
    case 'RemoveParent':
      if (!parent(command.parentId))
        throw new FamilyRefused('unknown-parent', 'There is no such parent in this family.');
      return [
        { type: 'ParentRemoved', data: { parentId: command.parentId, reason: command.reason } },
      ];
    case 'LinkPupil':
      if (state.pupilIds.includes(command.pupilId))
        throw new FamilyRefused('already-linked', 'This pupil is already linked to the family.');
      return [{ type: 'PupilLinked', data: { pupilId: command.pupilId } }];
    case 'UnlinkPupil':
      if (!state.pupilIds.includes(command.pupilId))
        throw new FamilyRefused('not-linked', 'This pupil is not linked to the family.');
      return [
        { type: 'PupilUnlinked', data: { pupilId: command.pupilId, reason: command.reason } },
      ];
    case 'RecordFamilyPlan': {
      const { type: _t, ...plan } = command;
      if (state.plans.some((p) => p.planId === plan.planId))
        throw new FamilyRefused('duplicate-plan', 'This plan is already recorded.');
      return [{ type: 'FamilyPlanRecorded', data: plan }];
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export const familyDecider = {
  initialState: initialFamilyState,
  evolve: evolveFamily,
  decide: decideFamily,
};
