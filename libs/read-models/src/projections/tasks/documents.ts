/**
 * The tasks read model: one row per open task (what the work list and the digest read) and one
 * small document per pupil with what the tasks are worked out from.
 */
import type { IsoDate, PupilJourney, TaskKind } from '@app/domain';
import { defineCollection } from '../../document-store.port';

export interface TaskRow {
  taskId: string;
  pupilId: string;
  /** The case's reference (never a name). */
  reference: string;
  schoolId: string;
  kind: TaskKind;
  /** The referral, contract, notice, order, agreed action or N code (`school/date/session`). */
  ref: string;
  dueOn: IsoDate;
  /** Who it falls to; null: nobody yet (a manager sees it as unassigned). */
  assignee: string | null;
  /** What to do, in a sentence without personal data. */
  action: string;
  /** The meeting stream that keeps an agreed action (null for the journey's own tasks). */
  meetingId: string | null;
  /** `assignee:<id>` (or `assignee:unassigned`) and `all`. */
  facets: string[];
}

/** An action agreed at a targeting support meeting, as the tasks need it. */
export interface AgreedActionTask {
  meetingId: string;
  owner: string;
  dueOn: IsoDate;
  completedOn: IsoDate | null;
}

export interface TaskPupil {
  /** The journey without its register (tasks never read marks; an N code's fate is kept below). */
  state: PupilJourney;
  /** Who recorded the referral, contract, notice or order a task follows from, by its id. */
  recordedBy: Record<string, string>;
  /** N codes whose replacement deadline was reached and that have since been re-coded. */
  replacedNCodes: string[];
  meetingActions: Record<string, AgreedActionTask>;
  /** The task rows written for the pupil last time, so vanished ones are deleted. */
  taskIds: string[];
}

export const taskRows = defineCollection<TaskRow>({
  name: 'tasks',
  indexes: ['facets'],
  sortKeys: ['dueOn'],
  indexesById: false,
});
export const taskPupils = defineCollection<TaskPupil>({ name: 'pupils' });
/**
 * Which pupil an agreed action is for: `<meeting stream>|<actionId>`. Private to each partition:
 * an action's completion reaches every partition, and only the pupil's own finds it here.
 */
export const taskMeetingActions = defineCollection<{ pupilId: string }>({
  name: 'meeting-actions',
  perPartition: true,
});

export const TASKS_COLLECTIONS = [taskRows, taskPupils, taskMeetingActions];
