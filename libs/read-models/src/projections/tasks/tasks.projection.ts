/**
 * tasks: each person's work list. Its own small state per pupil (the journey without its
 * register, who recorded what, agreed actions) and one row per open task; the rules of what is
 * a task, when it is due and who it falls to are the domain's (`openTasks`, `assigneeOf`). A
 * register is never read: only a re-coded session can settle an N code's task.
 */
import {
  assigneeOf,
  evolve,
  initialState,
  MeetingEvent,
  nCodeRef,
  openTasks,
  PupilEvent,
  TASK_ACTIONS,
  TaskKey,
  taskIdOf,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../../projector/projection';
import {
  TASKS_COLLECTIONS,
  TaskPupil,
  TaskRow,
  taskMeetingActions,
  taskPupils,
  taskRows,
} from './documents';

const PUPIL = 'pupil-';
const MEETING = 'tsm-';

const newPupil = (): TaskPupil => ({
  state: initialState(),
  recordedBy: {},
  replacedNCodes: [],
  meetingActions: {},
  taskIds: [],
});

/** The id of what an event opens that a task will follow from, when a person recorded it. */
function openedRef(e: PupilEvent): string | null {
  switch (e.type) {
    case 'ReferredToPanel':
      return e.data.referralId;
    case 'AttendanceContractAgreed':
      return e.data.contractId;
    case 'NoticeToImproveIssued':
    case 'PenaltyNoticeIssued':
      return e.data.noticeId;
    case 'SupervisionOrderGranted':
      return e.data.orderId;
    default:
      return null;
  }
}

function replacedNCodes(doc: TaskPupil, e: PupilEvent): string[] {
  if (e.type !== 'AttendanceMarkCorrected') return doc.replacedNCodes;
  const ref = nCodeRef(e.data.schoolId, e.data.date, e.data.session);
  const without = doc.replacedNCodes.filter((r) => r !== ref);
  return e.data.code === 'N' ? without : [...without, ref];
}

/** Writes the pupil's open tasks as rows, deletes the ones no longer open, and stores the pupil. */
function writeTasks(tx: ProjectionTx, pupilId: string, doc: TaskPupil): void {
  const s = doc.state;
  const replaced = new Set(doc.replacedNCodes);
  const agreed: TaskKey[] = Object.entries(doc.meetingActions)
    .filter(([, a]) => a.completedOn === null)
    .map(([actionId, a]) => ({ kind: 'targeting-support-action', ref: actionId, dueOn: a.dueOn }));
  const rows: TaskRow[] = openTasks(s, (ref) => !replaced.has(ref), agreed).map((t) => {
    const meetingAction = t.kind === 'targeting-support-action' ? doc.meetingActions[t.ref] : null;
    const assignee = assigneeOf(t, s, doc.recordedBy, meetingAction?.owner);
    return {
      taskId: taskIdOf(pupilId, t),
      pupilId,
      reference: s.reference,
      schoolId: s.schoolId,
      ...t,
      assignee,
      action: TASK_ACTIONS[t.kind],
      meetingId: meetingAction?.meetingId ?? null,
      facets: ['all', `assignee:${assignee ?? 'unassigned'}`],
    };
  });
  const ids = rows.map((r) => r.taskId);
  for (const r of rows) tx.put(taskRows, r.taskId, r);
  for (const id of doc.taskIds) if (!ids.includes(id)) tx.delete(taskRows, id);
  tx.put(taskPupils, pupilId, { ...doc, taskIds: ids });
}

async function applyPupil(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  // The register itself changes no task (a re-coded session arrives as a correction).
  if (event.type === 'AttendanceMarksRecorded') return;
  const pupilId = event.streamId.slice(PUPIL.length);
  const before = (await tx.get(taskPupils, pupilId)) ?? newPupil();
  const e = { type: event.type, data: event.data } as PupilEvent;
  const ref = openedRef(e);
  const actor = event.metadata.actor;
  const doc: TaskPupil = {
    ...before,
    state: { ...evolve(before.state, e), marks: [] },
    recordedBy:
      ref && actor && !actor.startsWith('system:')
        ? { ...before.recordedBy, [ref]: actor }
        : before.recordedBy,
    replacedNCodes: replacedNCodes(before, e),
  };
  if (doc.state.status === 'unregistered') return;
  writeTasks(tx, pupilId, doc);
}

/** Actions agreed at targeting support meetings are tasks for their owners until completed. */
async function applyMeeting(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const e = { type: event.type, data: event.data } as MeetingEvent;
  let pupilId: string;
  let change: (doc: TaskPupil) => TaskPupil;
  if (e.type === 'TargetingSupportActionAgreed') {
    const { actionId, owner, dueOn } = e.data;
    pupilId = e.data.pupilId;
    tx.put(taskMeetingActions, `${event.streamId}|${actionId}`, { pupilId });
    change = (doc) => ({
      ...doc,
      meetingActions: {
        ...doc.meetingActions,
        [actionId]: { meetingId: event.streamId, owner, dueOn, completedOn: null },
      },
    });
  } else if (e.type === 'TargetingSupportActionCompleted') {
    const found = await tx.get(taskMeetingActions, `${event.streamId}|${e.data.actionId}`);
    if (!found) return;
    pupilId = found.pupilId;
    change = (doc) => {
      const action = doc.meetingActions[e.data.actionId];
      if (!action) return doc;
      return {
        ...doc,
        meetingActions: {
          ...doc.meetingActions,
          [e.data.actionId]: { ...action, completedOn: e.data.completedOn },
        },
      };
    };
  } else return;
  const before = await tx.get(taskPupils, pupilId);
  if (!before) return;
  writeTasks(tx, pupilId, change(before));
}

export const tasksProjection: Projection = {
  name: 'tasks',
  version: 1,
  streamPrefixes: [PUPIL, MEETING],
  collections: TASKS_COLLECTIONS,
  async apply(event, tx) {
    if (event.streamId.startsWith(PUPIL)) return applyPupil(event, tx);
    if (event.streamId.startsWith(MEETING)) return applyMeeting(event, tx);
  },
  // The pupil: their stream's, or the one an agreed action is for; a completion reaches all.
  partitionKey(event) {
    if (event.streamId.startsWith(PUPIL)) return event.streamId.slice(PUPIL.length);
    const pupilId = (event.data as { pupilId?: unknown }).pupilId;
    return typeof pupilId === 'string' ? pupilId : null;
  },
};
