/**
 * The dated actions that fall to a person and so appear on their work list. A kind that only
 * watches the calendar (a payment period ending, an order expiring) is not a task: nothing is for
 * anyone to do on that day that the kinds below do not already ask.
 */
export const TASK_KINDS = [
  /** A panel decided on a referral: the referrer reads it and acts on it. */
  'panel-outcome',
  'contract-review',
  /** The improvement period has ended: record whether attendance improved sufficiently. */
  'notice-to-improve-period-ends',
  /** A penalty notice is unpaid after 28 days: prosecute or withdraw (SI 2007/1867 reg 20). */
  'prosecute-or-withdraw',
  /** An ESO's last 3 months: decide whether to apply to extend it (CA 1989 Sch 3 para 15). */
  'eso-extension-window-opens',
  /** An action agreed for the pupil at a targeting support meeting. */
  'targeting-support-action',
  /** An N code still standing after the school days allowed for its replacement. */
  'n-code-replacement',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** How commands and events name a task: its id and the kind, subject and due day it stands for. */
export type TaskNamed = {
  taskId: string;
  kind: TaskKind;
  ref: string;
  /** `YYYY-MM-DD` */
  dueOn: string;
};
