/**
 * SMART attendance targets in an early help or whole-family plan (WTISA 2024: "attendance targets
 * in every child's plan"): for one child, a measurable attendance rate to reach by a date, from
 * the rate the child had when the target was set, with specific actions each with an owner and a
 * due date; and the review of a target: met, partly met or not met, worked out from the attendance
 * the reviewer measured, never typed in.
 */
import { isValidDate, IsoDate } from '../calendar';
import { InvalidInput } from '../errors';

export const TARGET_OUTCOMES = ['met', 'partly-met', 'not-met'] as const;
export type TargetOutcome = (typeof TARGET_OUTCOMES)[number];

/** The most actions one target carries: a plan's actions are few and specific, not a list of everything. */
export const MAX_ACTIONS_PER_TARGET = 20;

export interface TargetAction {
  action: string;
  /** Who does it (a practitioner's, the school's or a parent's id or role; never a name). */
  owner: string;
  dueOn: IsoDate;
}

export interface PlanTarget {
  targetId: string;
  /** The child the target is for. */
  pupilId: string;
  /** Attendance (% of possible sessions) when the target was set: what "partly met" is measured from. */
  baselineRate: number;
  /** Attendance (% of possible sessions) to reach. */
  targetRate: number;
  /** The day by which it is to be reached. */
  by: IsoDate;
  actions: TargetAction[];
}

/** A percentage of possible sessions, 0 to 100, to one decimal place at most (as attendance is reported). */
function percentage(value: unknown, field: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > 100 ||
    Math.round(value * 10) !== value * 10
  )
    throw new InvalidInput(
      `${field} must be a percentage of possible sessions from 0 to 100, to one decimal place at most.`,
      { field },
    );
  return value;
}

const date = (value: unknown, field: string): IsoDate => {
  if (typeof value !== 'string' || !isValidDate(value))
    throw new InvalidInput(`${field} must be a real date in the form YYYY-MM-DD.`, { field });
  return value;
};

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidInput(`${field} must be given.`, { field });
  return value.trim();
};

/**
 * A target is SMART or refused: for a named child, measurable (a rate above the baseline: a target
 * that asks for no improvement measures nothing), time-bound (a date after the day it is set and
 * not before the plan starts), with at least one specific action, each owned and due by the target
 * date.
 */
export function checkTarget(
  target: PlanTarget,
  bounds: { setOn: IsoDate; planStartsOn: IsoDate },
): PlanTarget {
  const baselineRate = percentage(target.baselineRate, 'baselineRate');
  const targetRate = percentage(target.targetRate, 'targetRate');
  if (targetRate <= baselineRate)
    throw new InvalidInput(
      `targetRate (${targetRate}%) must be above the attendance the child has now (${baselineRate}%).`,
      { field: 'targetRate' },
    );
  const by = date(target.by, 'by');
  if (by <= bounds.setOn)
    throw new InvalidInput(
      `by (${by}) must be after the day the target is set (${bounds.setOn}).`,
      {
        field: 'by',
      },
    );
  if (by < bounds.planStartsOn)
    throw new InvalidInput(`by (${by}) is before the plan starts (${bounds.planStartsOn}).`, {
      field: 'by',
    });
  if (!Array.isArray(target.actions) || target.actions.length === 0)
    throw new InvalidInput('Name at least one action, with its owner and due date.', {
      field: 'actions',
    });
  if (target.actions.length > MAX_ACTIONS_PER_TARGET)
    throw new InvalidInput(`A target carries at most ${MAX_ACTIONS_PER_TARGET} actions.`, {
      field: 'actions',
    });
  const actions = target.actions.map((a, i) => {
    const dueOn = date(a.dueOn, `actions[${i}].dueOn`);
    if (dueOn > by)
      throw new InvalidInput(
        `actions[${i}].dueOn (${dueOn}) is after the target's date (${by}): an action is due by then.`,
        { field: `actions[${i}].dueOn` },
      );
    return {
      action: text(a.action, `actions[${i}].action`),
      owner: text(a.owner, `actions[${i}].owner`),
      dueOn,
    };
  });
  return {
    targetId: text(target.targetId, 'targetId'),
    pupilId: text(target.pupilId, 'pupilId'),
    baselineRate,
    targetRate,
    by,
    actions,
  };
}

/**
 * What a review finds: met at or above the target rate; partly met above the baseline but short of
 * the target; not met at or below the baseline.
 */
export function targetOutcome(
  target: Pick<PlanTarget, 'baselineRate' | 'targetRate'>,
  attendanceRate: number,
): TargetOutcome {
  const rate = percentage(attendanceRate, 'attendanceRate');
  if (rate >= target.targetRate) return 'met';
  if (rate > target.baselineRate) return 'partly-met';
  return 'not-met';
}
