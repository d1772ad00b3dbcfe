import { dateOf, isValidDate } from '../calendar';
import { happenedOn } from '../pupil-journey/dated-facts';
import { DomainError, InvalidInput } from '../errors';
import {
  FAMILY_PLAN_KINDS,
  FamilyCommand,
  FamilyEvent,
  FamilyPlan,
  FamilyState,
  Parent,
} from './family-events';
import { checkTarget, targetOutcome } from './plan-targets';

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

/** Education Act 1996 s576: only someone with parental responsibility or day-to-day care is a parent. */
export class NotAParentOrCarer extends FamilyRefused {
  constructor() {
    super(
      'not-a-parent',
      'A parent or carer must have parental responsibility or day-to-day care of the child (Education Act 1996 s576).',
      'rule',
    );
  }
}

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidInput(`${field} must be given.`, { field });
  return value;
};

function checkParent(p: Parent): Parent {
  text(p.parentId, 'parentId');
  text(p.reference, 'reference');
  text(p.relationship, 'relationship');
  if (!p.hasParentalResponsibility && !p.hasDayToDayCare) throw new NotAParentOrCarer();
  return {
    parentId: p.parentId,
    reference: p.reference,
    relationship: p.relationship,
    hasParentalResponsibility: p.hasParentalResponsibility,
    hasDayToDayCare: p.hasDayToDayCare,
  };
}

function checkPlan(plan: FamilyPlan): FamilyPlan {
  if (!(FAMILY_PLAN_KINDS as readonly string[]).includes(plan.kind))
    throw new InvalidInput(`A family plan is one of: ${FAMILY_PLAN_KINDS.join(', ')}.`, {
      field: 'kind',
    });
  if (!isValidDate(plan.startsOn))
    throw new InvalidInput('startsOn must be a real date in the form YYYY-MM-DD.', {
      field: 'startsOn',
    });
  return {
    planId: text(plan.planId, 'planId'),
    kind: plan.kind,
    leadPractitionerId: text(plan.leadPractitionerId, 'leadPractitionerId'),
    startsOn: plan.startsOn,
    summary: text(plan.summary, 'summary'),
  };
}

export function decideFamily(command: FamilyCommand, state: FamilyState, now: Date): FamilyEvent[] {
  const today = dateOf(now);
  const on = (given: string | undefined, field: string) => happenedOn(given, field, { today });
  if (command.type === 'RegisterFamily') {
    const registeredOn = on(command.registeredOn, 'registeredOn');
    if (state.status === 'registered')
      throw new FamilyRefused('already-registered', 'This family is already registered.');
    return [
      {
        type: 'FamilyRegistered',
        data: {
          familyId: text(command.familyId, 'familyId'),
          reference: text(command.reference, 'reference'),
          registeredOn,
        },
      },
    ];
  }
  if (state.status !== 'registered')
    throw new FamilyRefused('family-not-registered', 'Register the family first.');
  const known = (id: string) => state.parents.some((p) => p.parentId === id);
  const unknownPlan = () =>
    new FamilyRefused('unknown-plan', 'There is no such plan for this family.');
  const unknownParent = () =>
    new FamilyRefused('unknown-parent', 'There is no such parent or carer in this family.');
  switch (command.type) {
    case 'AddParent': {
      if (known(command.parentId))
        throw new FamilyRefused('duplicate-parent', 'This parent is already in the family.');
      const addedOn = on(command.addedOn, 'addedOn');
      return [{ type: 'ParentAdded', data: { ...checkParent(command), addedOn } }];
    }
    case 'UpdateParent': {
      if (!known(command.parentId)) throw unknownParent();
      const updatedOn = on(command.updatedOn, 'updatedOn');
      return [{ type: 'ParentUpdated', data: { ...checkParent(command), updatedOn } }];
    }
    case 'RemoveParent': {
      if (!known(command.parentId)) throw unknownParent();
      const removedOn = on(command.removedOn, 'removedOn');
      return [
        {
          type: 'ParentRemoved',
          data: { parentId: command.parentId, reason: text(command.reason, 'reason'), removedOn },
        },
      ];
    }
    case 'LinkPupil': {
      // Linking is recorded on the pupil first, then here: sending it again after a link cut
      // short between the two must complete it, not be refused.
      const linkedOn = on(command.linkedOn, 'linkedOn');
      if (state.pupilIds.includes(command.pupilId)) return [];
      return [
        { type: 'PupilLinked', data: { pupilId: text(command.pupilId, 'pupilId'), linkedOn } },
      ];
    }
    case 'UnlinkPupil': {
      if (!state.pupilIds.includes(command.pupilId))
        throw new FamilyRefused('not-linked', 'This pupil is not linked to the family.');
      const unlinkedOn = on(command.unlinkedOn, 'unlinkedOn');
      return [
        {
          type: 'PupilUnlinked',
          data: { pupilId: command.pupilId, reason: text(command.reason, 'reason'), unlinkedOn },
        },
      ];
    }
    case 'RecordFamilyPlan': {
      if (state.plans.some((p) => p.planId === command.planId))
        throw new FamilyRefused('duplicate-plan', 'This plan is already recorded.');
      return [{ type: 'FamilyPlanRecorded', data: checkPlan(command) }];
    }
    case 'SetPlanTarget': {
      const plan = state.plans.find((p) => p.planId === command.planId);
      if (!plan) throw unknownPlan();
      if ((plan.targets ?? []).some((t) => t.targetId === command.targetId))
        throw new FamilyRefused('duplicate-target', 'This target is already set.');
      if (!state.pupilIds.includes(command.pupilId))
        throw new FamilyRefused(
          'pupil-not-in-family',
          'A target is for a child of the family: link the pupil to the family first.',
        );
      const setOn = on(command.setOn, 'setOn');
      const target = checkTarget(command, { setOn, planStartsOn: plan.startsOn });
      return [{ type: 'PlanTargetSet', data: { planId: plan.planId, ...target, setOn } }];
    }
    case 'ReviewPlanTarget': {
      const plan = state.plans.find((p) => p.planId === command.planId);
      if (!plan) throw unknownPlan();
      const target = (plan.targets ?? []).find((t) => t.targetId === command.targetId);
      if (!target)
        throw new FamilyRefused('unknown-target', 'There is no such target in this plan.');
      const reviewedOn = on(command.reviewedOn, 'reviewedOn');
      if (reviewedOn < target.setOn)
        throw new InvalidInput(
          `reviewedOn (${reviewedOn}) is before the target was set (${target.setOn}).`,
          { field: 'reviewedOn' },
        );
      return [
        {
          type: 'PlanTargetReviewed',
          data: {
            planId: plan.planId,
            targetId: target.targetId,
            pupilId: target.pupilId,
            reviewedOn,
            attendanceRate: command.attendanceRate,
            targetRate: target.targetRate,
            outcome: targetOutcome(target, command.attendanceRate),
            notes: command.notes?.trim() ?? '',
          },
        },
      ];
    }
    default: {
      // Unreachable for typed callers; JSON from an edge may still carry anything.
      const _never: never = command;
      throw new InvalidInput(
        `"${(_never as { type: string }).type}" is not a command a family knows.`,
        { field: 'type' },
      );
    }
  }
}
