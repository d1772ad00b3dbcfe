import { nextActions } from '../pupil-journey/next-actions';
import type { PupilEvent } from '../pupil-journey/events';
import { TaskNotOpen } from '../pupil-journey/decide/tasks';
import { JourneyRefused } from '../pupil-journey/decide/refusals';
import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import {
  caseClosed,
  contractAgreed,
  contractReviewed,
  N_CODE_REF,
  nCodeDeadlineReached,
  nCodeReplaced,
  panelDecided,
  esoApplied,
  esoGranted,
  ntiIssued,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  PUPIL,
  referredToPanel,
  registered,
} from '../testing/journey-fixtures';
import {
  assigneeOf,
  isDue,
  isOverdue,
  nCodeStillStanding,
  openTasks,
  RecordedBy,
  TaskKey,
  taskIdOf,
} from './tasks';

const decided = (decidedOn = '2025-03-03') => panelDecided('ref-1', decidedOn);
const lead = (practitionerId = 'worker-1'): PupilEvent => ({
  type: 'LeadPractitionerAssigned',
  data: { practitionerId, assignedOn: '2024-09-10' },
});
const contract = contractAgreed;
const reviewed = contractReviewed('2025-02-03');
const nMarks: PupilEvent = {
  type: 'AttendanceMarksRecorded',
  data: {
    schoolId: 'school-a',
    from: '2025-03-03',
    to: '2025-03-03',
    marks: [{ date: '2025-03-03', session: 'AM', code: 'N' }],
    receivedAt: '2025-03-03T12:00:00Z',
  },
};
const N_REF = N_CODE_REF;
const nDeadline = nCodeDeadlineReached;
const recoded = nCodeReplaced;

/** The open tasks after `history`, each as `due kind ref -> assignee`. */
function tasksAfter(history: PupilEvent[], recordedBy: RecordedBy = {}): string[] {
  const state = fold(history);
  return openTasks(state, nCodeStillStanding(state)).map(
    (t) => `${t.dueOn} ${t.kind} ${t.ref} -> ${assigneeOf(t, state, recordedBy) ?? 'nobody'}`,
  );
}
const key = (kind: TaskKey['kind'], ref: string, dueOn: string): TaskKey => ({ kind, ref, dueOn });
const command = (k: TaskKey) => ({ taskId: taskIdOf(PUPIL, k), ...k });

describe('tasks: the dated actions that fall to a person', () => {
  describe('panel outcomes back to the referrer', () => {
    it('given a panel decision on a referral, the referrer has it to act on within 5 working days', () => {
      expect(
        tasksAfter([registered, referredToPanel(), decided('2025-03-03')], {
          'ref-1': 'worker-7',
        }),
      ).toEqual(['2025-03-10 panel-outcome ref-1 -> worker-7']);
    });

    it('given a referral the panel has not yet decided, the referrer has nothing to act on', () => {
      expect(tasksAfter([registered, referredToPanel()])).toEqual([]);
    });

    it('when the referrer completes the task, the decision is acknowledged, with their note', () => {
      given([registered, referredToPanel(), decided()])
        .when(
          {
            type: 'CompleteTask',
            ...command(key('panel-outcome', 'ref-1', '2025-03-10')),
            note: 'Contract meeting booked',
          },
          contextOn('2025-03-05'),
        )
        .then([
          {
            type: 'PanelDecisionAcknowledged',
            data: {
              referralId: 'ref-1',
              acknowledgedOn: '2025-03-05',
              note: 'Contract meeting booked',
            },
          },
        ]);
    });

    it('given the decision acknowledged, the task is gone', () => {
      const acknowledged: PupilEvent = {
        type: 'PanelDecisionAcknowledged',
        data: { referralId: 'ref-1', acknowledgedOn: '2025-03-05', note: 'Read' },
      };
      expect(tasksAfter([registered, referredToPanel(), decided(), acknowledged])).toEqual([]);
    });
  });

  describe('the journey’s dated actions', () => {
    it('given an attendance contract, its next review falls to the lead practitioner, then the one after', () => {
      expect(tasksAfter([registered, lead(), contract])).toEqual([
        '2025-02-03 contract-review contract-1 -> worker-1',
      ]);
      expect(tasksAfter([registered, lead(), contract, reviewed])).toEqual([
        '2025-03-03 contract-review contract-1 -> worker-1',
      ]);
    });

    it('given no lead practitioner, a contract review falls to whoever agreed the contract', () => {
      expect(tasksAfter([registered, contract], { 'contract-1': 'officer-2' })).toEqual([
        '2025-02-03 contract-review contract-1 -> officer-2',
      ]);
    });

    it('given a notice to improve, the end of its improvement period falls to whoever issued it', () => {
      expect(
        tasksAfter([registered, lead(), ntiIssued('parent-mum', '2025-03-17')], {
          'nti-parent-mum': 'officer-1',
        }),
      ).toEqual(['2025-04-28 notice-to-improve-period-ends nti-parent-mum -> officer-1']);
    });

    it('given a penalty notice unpaid, prosecute-or-withdraw is due the day after the 28 days beginning with receipt, for its issuer', () => {
      const issued = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-03-03', 1);
      expect(tasksAfter([registered, issued], { 'pn-1': 'officer-1' })).toEqual([
        '2025-03-31 prosecute-or-withdraw pn-1 -> officer-1',
      ]);
    });

    it('given the penalty notice paid, there is nothing to decide', () => {
      const issued = penaltyNoticeIssued('pn-1', 'parent-mum', '2025-03-03', 1);
      expect(tasksAfter([registered, issued, penaltyNoticePaid('pn-1', '2025-03-10', 80)])).toEqual(
        [],
      );
    });

    it("given an education supervision order, its extension window's opening falls to the supervisor", () => {
      expect(tasksAfter([registered, lead(), esoApplied, esoGranted])).toEqual([
        '2025-12-02 eso-extension-window-opens eso-1 -> ao-1',
      ]);
    });

    it('given an N code whose replacement deadline was reached, the lead practitioner follows it up until it is replaced', () => {
      expect(tasksAfter([registered, lead(), nMarks, nDeadline])).toEqual([
        `2025-03-11 n-code-replacement ${N_REF} -> worker-1`,
      ]);
      expect(tasksAfter([registered, lead(), nMarks, nDeadline, recoded])).toEqual([]);
    });

    it('given a closed case, nobody has anything to do on it', () => {
      expect(tasksAfter([registered, lead(), contract, caseClosed('2025-01-20')])).toEqual([]);
    });

    it('gives every dated-action task the due day the caseload shows for that action', () => {
      const history = [
        registered,
        lead(),
        contract,
        ntiIssued('parent-mum', '2025-03-17'),
        penaltyNoticeIssued('pn-1', 'parent-dad', '2025-03-03', 1),
        esoApplied,
        esoGranted,
      ];
      const state = fold(history);
      const caseload = nextActions(state).map((a) => `${a.ref} ${a.due}`);
      const tasks = openTasks(state, () => false);
      expect(tasks).toHaveLength(4);
      for (const t of tasks) expect(caseload).toContain(`${t.ref} ${t.dueOn}`);
    });
  });

  describe('completing and reassigning', () => {
    const history = [registered, lead(), contract];
    const review = key('contract-review', 'contract-1', '2025-02-03');

    it('when the task is completed, the completion is recorded with its note and the task is gone', () => {
      given(history)
        .when({ type: 'CompleteTask', ...command(review), note: 'Reviewed at home visit' })
        .then([
          {
            type: 'TaskCompleted',
            data: { ...command(review), completedOn: '2025-06-02', note: 'Reviewed at home visit' },
          },
        ]);
      const done: PupilEvent = {
        type: 'TaskCompleted',
        data: { ...command(review), completedOn: '2025-02-03', note: 'Done' },
      };
      expect(tasksAfter([...history, done])).toEqual([]);
    });

    it('when a task that is not open is completed, it is refused and nothing is recorded', () => {
      given(history)
        .when({
          type: 'CompleteTask',
          ...command(key('contract-review', 'contract-1', '2025-03-03')),
          note: 'Too early',
        })
        .thenThrows(TaskNotOpen, /not open/);
    });

    it('when a completion gives no note, it is refused as input', () => {
      given(history)
        .when({ type: 'CompleteTask', ...command(review), note: ' ' })
        .thenThrows(InvalidInput, /note/);
    });

    it('when an action agreed at a meeting is completed on the journey, it is refused: the meeting keeps it', () => {
      given(history)
        .when({
          type: 'CompleteTask',
          ...command(key('targeting-support-action', 'action-1', '2025-02-10')),
          note: 'Done',
        })
        .thenThrows(JourneyRefused, /targeting support meeting/);
    });

    it('when a task is reassigned, it is recorded with why, and the task then falls to the new person', () => {
      const reassigned: PupilEvent = {
        type: 'TaskReassigned',
        data: {
          ...command(review),
          toUserId: 'worker-2',
          reason: 'Covering leave',
          reassignedOn: '2025-06-02',
        },
      };
      given(history)
        .when({
          type: 'ReassignTask',
          ...command(review),
          toUserId: 'worker-2',
          reason: 'Covering leave',
        })
        .then([reassigned]);
      expect(tasksAfter([...history, reassigned])).toEqual([
        '2025-02-03 contract-review contract-1 -> worker-2',
      ]);
    });
  });

  describe('due and overdue', () => {
    it('is due on its day and overdue from the day after', () => {
      expect([isDue('2025-03-10', '2025-03-09'), isOverdue('2025-03-10', '2025-03-09')]).toEqual([
        false,
        false,
      ]);
      expect([isDue('2025-03-10', '2025-03-10'), isOverdue('2025-03-10', '2025-03-10')]).toEqual([
        true,
        false,
      ]);
      expect([isDue('2025-03-10', '2025-03-11'), isOverdue('2025-03-10', '2025-03-11')]).toEqual([
        true,
        true,
      ]);
    });
  });
});
