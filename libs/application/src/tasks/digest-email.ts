/**
 * The daily digest as an e-mail: the person's tasks due or overdue that day, each with what to do
 * and a link to the case. No personal data about children anywhere in it (the subject least of
 * all): the case is named by its link, whose page shows who it is to someone signed in.
 */
import { createHash } from 'node:crypto';
import { IsoDate, isOverdue } from '@app/domain';
import type { TaskRow } from '@app/read-models';
import type { Email } from '../notifications/notifier';

/** A short stable token for a person (job ids and message ids carry no user id). */
export const personToken = (assignee: string): string =>
  createHash('sha256').update(assignee).digest('hex').slice(0, 16);

/** The person's address: a user id that is an address already, else the id at the LA's domain. */
export const addressOf = (assignee: string, domain: string): string =>
  assignee.includes('@') ? assignee : `${assignee}@${domain}`;

export function digestEmail(input: {
  day: IsoDate;
  assignee: string;
  tasks: readonly Pick<TaskRow, 'pupilId' | 'dueOn' | 'action'>[];
  publicUrl: string;
  recipientDomain: string;
}): Email {
  const { day, tasks, publicUrl } = input;
  const overdue = tasks.filter((t) => isOverdue(t.dueOn, day)).length;
  const count = `${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}`;
  const lines = tasks.map(
    (t) =>
      `- ${isOverdue(t.dueOn, day) ? `Overdue since ${t.dueOn}` : 'Due today'}: ${t.action}\n  ${publicUrl}/cases/${t.pupilId}`,
  );
  return {
    messageId: `<task-digest-${day}-${personToken(input.assignee)}@attendance-casework>`,
    to: addressOf(input.assignee, input.recipientDomain),
    subject: `Attendance casework: ${count} due or overdue (${overdue} overdue) on ${day}`,
    text: [
      `Your work list on ${day}: ${count} due or overdue.`,
      '',
      ...lines,
      '',
      `All your tasks: ${publicUrl}/my-tasks`,
      '',
      'This message names no one: open a case, signed in, to see who it is about.',
    ].join('\n'),
  };
}
