import type { DecisionContext } from '../../decision-context';
import { openTasks, nCodeStillStanding, TaskKey, taskIdOf, TASK_KINDS } from '../../tasks/tasks';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import { JourneyRefused, requireDate, requireOneOf, requireText, today } from './guards';

/** The task is not open on this journey (done, settled, or never there): nothing is recorded. */
export class TaskNotOpen extends JourneyRefused {
  constructor(taskId: string) {
    super(
      'task-not-open',
      `Task ${taskId} is not open on this case: it was completed, or what it waited for has been recorded or has changed (a review recorded, a notice paid). Reload the work list.`,
    );
  }
}

function taskOf(
  c: { taskId: string; kind: string; ref: string; dueOn: string },
  state: PupilJourney,
): TaskKey {
  const key: TaskKey = {
    kind: requireOneOf(c.kind, TASK_KINDS, 'kind'),
    ref: requireText(c.ref, 'ref'),
    dueOn: requireDate(c.dueOn, 'dueOn'),
  };
  if (requireText(c.taskId, 'taskId') !== taskIdOf(state.pupilId, key))
    throw new TaskNotOpen(c.taskId);
  return key;
}

const isOpen = (key: TaskKey, state: PupilJourney): boolean =>
  openTasks(state, nCodeStillStanding(state)).some(
    (t) => t.kind === key.kind && t.ref === key.ref && t.dueOn === key.dueOn,
  );

/**
 * A task done, with why. Completing a panel outcome is the referrer's acknowledgement of the
 * decision. An action agreed at a targeting support meeting is completed on the meeting, which
 * keeps it (the caseload reads it there), not on the journey.
 */
export function completeTask(
  c: PupilCommandOf<'CompleteTask'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const key = taskOf(c, state);
  if (key.kind === 'targeting-support-action')
    throw new JourneyRefused(
      'completed-at-meeting',
      'An action agreed at a targeting support meeting is completed on the meeting, with its outcome.',
      'rule',
    );
  if (!isOpen(key, state)) throw new TaskNotOpen(c.taskId);
  const note = requireText(c.note, 'note');
  const on = c.completedOn ?? today(context);
  if (key.kind === 'panel-outcome')
    return [
      {
        type: 'PanelDecisionAcknowledged',
        data: { referralId: key.ref, acknowledgedOn: on, note },
      },
    ];
  return [{ type: 'TaskCompleted', data: { taskId: c.taskId, ...key, completedOn: on, note } }];
}

/**
 * A task handed to someone else, with why. An agreed action's task is checked against the
 * meeting by the caller (the meeting's stream keeps it); every other task must be open here.
 */
export function reassignTask(
  c: PupilCommandOf<'ReassignTask'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const key = taskOf(c, state);
  if (key.kind !== 'targeting-support-action' && !isOpen(key, state))
    throw new TaskNotOpen(c.taskId);
  const toUserId = requireText(c.toUserId, 'toUserId');
  if (state.tasks?.assignees[c.taskId] === toUserId)
    throw new JourneyRefused('already-assigned', `Task ${c.taskId} is already with ${toUserId}.`);
  return [
    {
      type: 'TaskReassigned',
      data: {
        taskId: c.taskId,
        ...key,
        toUserId,
        reason: requireText(c.reason, 'reason'),
        reassignedOn: c.reassignedOn ?? today(context),
      },
    },
  ];
}
