/**
 * Deadlines the journey's own facts set: a process manager reads each event, plans the deadlines
 * it implies (`deadlinesFrom`) and schedules a job for each; when a job fires it sends
 * `RecordDeadlineReached`, which records `DeadlineReached` only if the deadline still means
 * something (a paid notice has no "unpaid" deadline). Ids are built from the facts alone, so
 * replaying the events plans the same ids and a repeated job records nothing new.
 */
import { addDays, addWorkingDays, IsoDate, maxDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import { extensionWindowOpens, prosecuteOrWithdrawDue, prosecutionDeadline } from '../rules';
import type { PupilEvent } from './events';

export const DEADLINE_KINDS = [
  'notice-to-improve-evaluation-due',
  'penalty-notice-reduced-rate-ended',
  'penalty-notice-payment-period-ended',
  'prosecution-time-limit-approaching',
  'attendance-contract-review-due',
  'supervision-order-extension-window-opens',
  'supervision-order-expires',
  'n-code-replacement-due',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Days before the last day to lay information (6 months from the offence, MCA 1980 s127) on which
 * the caseworker is warned: our judgement, long enough to prepare a prosecution file.
 */
export const PROSECUTION_WARNING_DAYS = 28;

export interface Deadline {
  deadlineId: string;
  kind: DeadlineKind;
  /** The day the deadline falls due: the job runs at the start of it. */
  dueOn: IsoDate;
  ref: string;
}

/** What the caseworker is to do when a deadline falls due (shown on the journey). */
export const DEADLINE_ACTIONS: Record<DeadlineKind, string> = {
  'notice-to-improve-evaluation-due':
    "The notice to improve's improvement period has ended: record whether attendance improved sufficiently.",
  'penalty-notice-reduced-rate-ended':
    'The 21 days at the reduced rate have ended: the full amount is now due.',
  'penalty-notice-payment-period-ended':
    'The penalty notice is unpaid after 28 days: decide whether to prosecute or withdraw it.',
  'prosecution-time-limit-approaching': `Information must be laid within 6 months of the offence: ${PROSECUTION_WARNING_DAYS} days remain to prosecute.`,
  'attendance-contract-review-due': 'The attendance contract is due for review.',
  'supervision-order-extension-window-opens':
    'The education supervision order can now be extended: decide whether to apply.',
  'supervision-order-expires': 'The education supervision order expires today.',
  'n-code-replacement-due':
    'An N code has not been replaced within the school days allowed: the school should record the right code, or O.',
};

/** The reference of one session's N code: school, date and session. */
export const nCodeRef = (schoolId: string, date: IsoDate, session: string): string =>
  `${schoolId}/${date}/${session}`;

const deadline = (kind: DeadlineKind, ref: string, dueOn: IsoDate, key = ''): Deadline => ({
  deadlineId: `${kind}-${ref}${key ? `-${key}` : ''}`,
  kind,
  dueOn,
  ref,
});

/**
 * The deadlines an event sets. N codes are due the school day after the allowed number of working
 * days; when the register shows fewer school days (a holiday), the job finds the N not yet overdue
 * and records nothing (the monitor rules raise it from the register later).
 */
export function deadlinesFrom(
  event: PupilEvent,
  code: Pick<CodeOfConduct, 'nCodeReplacementSchoolDays' | 'bankHolidays'>,
): Deadline[] {
  switch (event.type) {
    case 'NoticeToImproveIssued':
      return [
        deadline(
          'notice-to-improve-evaluation-due',
          event.data.noticeId,
          addDays(event.data.periodEndsOn, 1),
        ),
      ];
    case 'PenaltyNoticeIssued':
      return penaltyNoticeDeadlines(event.data, event.data.offencePeriod.to);
    case 'PenaltyNoticeServed':
      // The periods now run from the recorded service: new ids (keyed by the day of receipt), and
      // the jobs planned from the day of issue find their dates stale and record nothing.
      return penaltyNoticeDeadlines(event.data, event.data.offencePeriod.to, event.data.servedOn);
    case 'AttendanceContractAgreed':
      return event.data.reviewDates.map((d) =>
        deadline('attendance-contract-review-due', event.data.contractId, d, d),
      );
    case 'SupervisionOrderGranted':
    case 'SupervisionOrderExtended': {
      const { orderId, expiresOn } = event.data;
      return [
        deadline(
          'supervision-order-extension-window-opens',
          orderId,
          extensionWindowOpens(expiresOn),
          expiresOn,
        ),
        deadline('supervision-order-expires', orderId, expiresOn, expiresOn),
      ];
    }
    case 'AttendanceMarksRecorded':
      return event.data.marks
        .filter((m) => m.code === 'N')
        .map((m) => nCodeDeadline(event.data.schoolId, m.date, m.session, code));
    case 'AttendanceMarkCorrected':
      return event.data.code === 'N'
        ? [nCodeDeadline(event.data.schoolId, event.data.date, event.data.session, code)]
        : [];
    default:
      return [];
  }
}

/** When each of a penalty notice's deadlines falls due, from its current payment periods. */
export function penaltyNoticeDueDates(
  notice: { reducedRateEnds: IsoDate | null; paymentEnds: IsoDate },
  offenceEnded: IsoDate,
): Partial<Record<DeadlineKind, IsoDate>> {
  const afterPayment = prosecuteOrWithdrawDue(notice.paymentEnds);
  const warning = addDays(prosecutionDeadline(offenceEnded), -PROSECUTION_WARNING_DAYS);
  return {
    ...(notice.reducedRateEnds
      ? { 'penalty-notice-reduced-rate-ended': addDays(notice.reducedRateEnds, 1) }
      : {}),
    'penalty-notice-payment-period-ended': afterPayment,
    'prosecution-time-limit-approaching': maxDate(warning, afterPayment),
  };
}

function penaltyNoticeDeadlines(
  notice: { noticeId: string; reducedRateEnds: IsoDate | null; paymentEnds: IsoDate },
  offenceEnded: IsoDate,
  key = '',
): Deadline[] {
  return Object.entries(penaltyNoticeDueDates(notice, offenceEnded)).map(([kind, dueOn]) =>
    deadline(kind as DeadlineKind, notice.noticeId, dueOn, key),
  );
}

function nCodeDeadline(
  schoolId: string,
  date: IsoDate,
  session: string,
  code: Pick<CodeOfConduct, 'nCodeReplacementSchoolDays' | 'bankHolidays'>,
): Deadline {
  const lastDay = addWorkingDays(date, code.nCodeReplacementSchoolDays, code.bankHolidays);
  return deadline('n-code-replacement-due', nCodeRef(schoolId, date, session), addDays(lastDay, 1));
}
