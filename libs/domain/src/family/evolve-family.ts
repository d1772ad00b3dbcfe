import { InvalidInput } from '../errors';
import type { FamilyEvent, FamilyState, Parent } from './family-events';

/** The parent as the family holds them, without the day the event was dated. */
const parentOf = (p: Parent): Parent => ({
  parentId: p.parentId,
  reference: p.reference,
  relationship: p.relationship,
  hasParentalResponsibility: p.hasParentalResponsibility,
  hasDayToDayCare: p.hasDayToDayCare,
});

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
      return { ...state, parents: [...state.parents, parentOf(event.data)] };
    case 'ParentUpdated':
      return {
        ...state,
        parents: state.parents.map((p) =>
          p.parentId === event.data.parentId ? parentOf(event.data) : p,
        ),
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
    case 'PlanTargetSet': {
      const { planId, targetId, pupilId, baselineRate, targetRate, by, setOn } = event.data;
      const target = { targetId, pupilId, baselineRate, targetRate, by, setOn, lastReview: null };
      return {
        ...state,
        plans: state.plans.map((p) =>
          p.planId === planId ? { ...p, targets: [...(p.targets ?? []), target] } : p,
        ),
      };
    }
    case 'PlanTargetReviewed': {
      const { planId, targetId, reviewedOn, outcome } = event.data;
      return {
        ...state,
        plans: state.plans.map((p) =>
          p.planId === planId
            ? {
                ...p,
                targets: (p.targets ?? []).map((t) =>
                  t.targetId === targetId ? { ...t, lastReview: { reviewedOn, outcome } } : t,
                ),
              }
            : p,
        ),
      };
    }
    default: {
      // Unreachable for typed callers; an old store may still hold anything.
      const _never: never = event;
      throw new InvalidInput(
        `The family holds an event of unknown type "${(_never as { type: string }).type}"; upcast it before folding.`,
        { field: 'type' },
      );
    }
  }
}
