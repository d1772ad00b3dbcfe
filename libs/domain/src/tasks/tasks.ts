/**
 * Tasks: every dated action on a journey that falls to a person, with the day it is due. The
 * dates are the journey's own (`nextActions`, the caseload's rule, so the work list and the
 * caseload never disagree); this module says which of them are tasks, who each falls to, and
 * when one is overdue. Pure: today comes in as an argument.
 */
import { addWorkingDays, IsoDate } from '../calendar';
import { currentMarks } from '../rules';
import { nCodeRef } from '../pupil-journey/deadlines';
import { NextActionKind, nextActions } from '../pupil-journey/next-actions';
import type { PupilJourney } from '../pupil-journey/state';
import type { TaskKind } from './task-kinds';

export * from './task-kinds';

/**
 * Working days the referrer has to read a panel decision and act on it: our judgement (a working
 * week), since the guidance sets no period; the decision's own conditions may say more.
 */
export const PANEL_OUTCOME_WORKING_DAYS = 5;

/** What makes a task: its kind, what it is about (a referral, contract, notice, order, action or N code) and its due day. */
export interface TaskKey {
  kind: TaskKind;
  ref: string;
  dueOn: IsoDate;
}

/** What the person is to do, in a sentence with no personal data (it goes into e-mails). */
export const TASK_ACTIONS: Record<TaskKind, string> = {
  'panel-outcome': "Read the panel's decision on your referral and act on it.",
  'contract-review': 'Review the attendance contract with the parents.',
  'notice-to-improve-period-ends':
    "The notice to improve's improvement period has ended: record whether attendance improved sufficiently.",
  'prosecute-or-withdraw':
    'The penalty notice is unpaid after 28 days: decide whether to prosecute or withdraw it.',
  'eso-extension-window-opens':
    'The education supervision order is in its last 3 months: decide whether to apply to extend it.',
  'targeting-support-action': 'Carry out the action agreed at the targeting support meeting.',
  'n-code-replacement':
    'An N code has not been replaced within the school days allowed: have the school record the right code, or O.',
};

/** The journey's dated actions that are tasks, and the task each becomes. */
const FROM_NEXT_ACTION: Partial<Record<NextActionKind, TaskKind>> = {
  'contract-review': 'contract-review',
  'notice-to-improve-period-ends': 'notice-to-improve-period-ends',
  'prosecute-or-withdraw': 'prosecute-or-withdraw',
  'eso-extension-window-opens': 'eso-extension-window-opens',
};

/** A task's id: the pupil, kind, what it is about and when it is due (so each review is its own). */
export const taskIdOf = (pupilId: string, key: TaskKey): string =>
  [pupilId, key.kind, key.ref.replace(/\//g, '~'), key.dueOn].join('.');

/** The day a panel decision is to be acted on by. */
export const panelOutcomeDue = (decidedOn: IsoDate): IsoDate =>
  addWorkingDays(decidedOn, PANEL_OUTCOME_WORKING_DAYS);

/** Overdue: its due day has passed. Due: its due day has come (today or before). */
export const isOverdue = (dueOn: IsoDate, today: IsoDate): boolean => dueOn < today;
export const isDue = (dueOn: IsoDate, today: IsoDate): boolean => dueOn <= today;

/**
 * The open tasks of a journey, earliest first: its dated actions that are tasks, panel decisions
 * not yet acknowledged, N codes whose replacement deadline was reached and that still stand
 * (`stillN`, asked of whoever holds the register), and actions agreed at meetings (`agreed`,
 * which the meeting's stream keeps). A completed task is not open; a closed case has none.
 */
export function openTasks(
  state: PupilJourney,
  stillN: (ref: string) => boolean,
  agreed: readonly TaskKey[] = [],
): TaskKey[] {
  if (state.status !== 'open') return [];
  const tasks: TaskKey[] = [];
  for (const a of nextActions(state)) {
    const kind = FROM_NEXT_ACTION[a.kind];
    if (kind) tasks.push({ kind, ref: a.ref, dueOn: a.due });
  }
  for (const r of state.panelReferrals)
    if (r.decision !== null && r.decidedOn && !r.acknowledgedOn)
      tasks.push({ kind: 'panel-outcome', ref: r.referralId, dueOn: panelOutcomeDue(r.decidedOn) });
  for (const d of state.deadlinesReached)
    if (d.kind === 'n-code-replacement-due' && stillN(d.ref))
      tasks.push({ kind: 'n-code-replacement', ref: d.ref, dueOn: d.dueOn });
  tasks.push(...agreed);
  const done = new Set(state.tasks?.completed ?? []);
  return tasks
    .filter((t) => !done.has(taskIdOf(state.pupilId, t)))
    .sort((a, b) =>
      a.dueOn !== b.dueOn ? (a.dueOn < b.dueOn ? -1 : 1) : a.kind < b.kind ? -1 : 1,
    );
}

/** Whether an N code's session still reads N in the register the journey holds. */
export const nCodeStillStanding =
  (state: PupilJourney) =>
  (ref: string): boolean =>
    currentMarks(state.marks).some(
      (m) => m.code === 'N' && nCodeRef(m.schoolId, m.date, m.session) === ref,
    );

/** Who recorded the facts tasks follow from, by the referral, contract, notice or order id. */
export type RecordedBy = Readonly<Record<string, string>>;

/**
 * Who a task falls to, unless it was reassigned: a panel outcome to whoever referred; a notice's
 * decisions to whoever issued it; an ESO's extension to its supervisor; an agreed action to its
 * owner; a contract review and an N code to the case's lead practitioner (else whoever agreed the
 * contract). Null: nobody yet (a manager sees it as unassigned).
 */
export function assigneeOf(
  key: TaskKey,
  state: PupilJourney,
  recordedBy: RecordedBy,
  owner?: string,
): string | null {
  const reassigned = state.tasks?.assignees[taskIdOf(state.pupilId, key)];
  if (reassigned) return reassigned;
  const lead = state.leadPractitionerId;
  switch (key.kind) {
    case 'panel-outcome':
    case 'notice-to-improve-period-ends':
    case 'prosecute-or-withdraw':
      return recordedBy[key.ref] ?? lead;
    case 'eso-extension-window-opens':
      return (
        state.supervisionOrders.find((o) => o.orderId === key.ref)?.supervisorId ??
        recordedBy[key.ref] ??
        lead
      );
    case 'targeting-support-action':
      return owner ?? lead;
    case 'contract-review':
      return lead ?? recordedBy[key.ref] ?? null;
    case 'n-code-replacement':
      return lead;
  }
}
