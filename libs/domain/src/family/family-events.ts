/**
 * The family (`family-<id>` stream): the parents and carers — anyone with parental responsibility
 * or day-to-day care of a child is a parent for the Education Acts (Education Act 1996 s576) —
 * the pupils in the family, and family-level plans (one assessment, one plan, one lead practitioner).
 * Penalty notices are per parent per child, so parents have ids.
 */
import type { IsoDate } from '../calendar';
import type { PlanTarget, TargetOutcome } from './plan-targets';

export interface Parent {
  parentId: string;
  /** A pseudonymous reference, never a name. */
  reference: string;
  relationship: string;
  hasParentalResponsibility: boolean;
  hasDayToDayCare: boolean;
}

export const FAMILY_PLAN_KINDS = ['whole-family-plan', 'early-help-plan'] as const;
export type FamilyPlanKind = (typeof FAMILY_PLAN_KINDS)[number];

export interface FamilyPlan {
  planId: string;
  kind: FamilyPlanKind;
  leadPractitionerId: string;
  startsOn: IsoDate;
  summary: string;
}

type E<T extends string, D> = { type: T; data: D };
export type FamilyEvent =
  | E<'FamilyRegistered', { familyId: string; reference: string; registeredOn: IsoDate }>
  | E<'ParentAdded', Parent & { addedOn: IsoDate }>
  | E<'ParentUpdated', Parent & { updatedOn: IsoDate }>
  | E<'ParentRemoved', { parentId: string; reason: string; removedOn: IsoDate }>
  | E<'PupilLinked', { pupilId: string; linkedOn: IsoDate }>
  | E<'PupilUnlinked', { pupilId: string; reason: string; unlinkedOn: IsoDate }>
  | E<'FamilyPlanRecorded', FamilyPlan>
  | E<'PlanTargetSet', PlanTarget & { planId: string; setOn: IsoDate }>
  | E<
      'PlanTargetReviewed',
      {
        planId: string;
        targetId: string;
        pupilId: string;
        reviewedOn: IsoDate;
        /** Attendance the reviewer measured (% of possible sessions). */
        attendanceRate: number;
        targetRate: number;
        outcome: TargetOutcome;
        notes: string;
      }
    >;

/**
 * Each command names the day its fact happened (left out: today; never after today). A plan's
 * `startsOn` is when it starts, and may lie ahead.
 */
type C<T extends string, D> = { type: T } & D;
export type FamilyCommand =
  | C<'RegisterFamily', { familyId: string; reference: string; registeredOn?: IsoDate }>
  | C<'AddParent', Parent & { addedOn?: IsoDate }>
  | C<'UpdateParent', Parent & { updatedOn?: IsoDate }>
  | C<'RemoveParent', { parentId: string; reason: string; removedOn?: IsoDate }>
  | C<'LinkPupil', { pupilId: string; linkedOn?: IsoDate }>
  | C<'UnlinkPupil', { pupilId: string; reason: string; unlinkedOn?: IsoDate }>
  | C<'RecordFamilyPlan', FamilyPlan>
  | C<'SetPlanTarget', PlanTarget & { planId: string; setOn?: IsoDate }>
  | C<
      'ReviewPlanTarget',
      {
        planId: string;
        targetId: string;
        attendanceRate: number;
        notes?: string;
        reviewedOn?: IsoDate;
      }
    >;

export interface FamilyState {
  status: 'unregistered' | 'registered';
  familyId: string;
  reference: string;
  parents: Parent[];
  pupilIds: string[];
  plans: {
    planId: string;
    kind: string;
    leadPractitionerId: string;
    startsOn: IsoDate;
    /** Its SMART attendance targets (absent on states folded by older code). */
    targets?: PlanTargetState[];
  }[];
}

export interface PlanTargetState {
  targetId: string;
  pupilId: string;
  baselineRate: number;
  targetRate: number;
  by: IsoDate;
  setOn: IsoDate;
  lastReview: { reviewedOn: IsoDate; outcome: TargetOutcome } | null;
}
