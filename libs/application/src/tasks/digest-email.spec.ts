import { digestEmail } from './digest-email';

const tasks = [
  {
    pupilId: 'a3f1c2d4-0000-4000-8000-000000000001',
    dueOn: '2025-03-07',
    action: 'Review the attendance contract with the parents.',
  },
  {
    pupilId: 'a3f1c2d4-0000-4000-8000-000000000002',
    dueOn: '2025-03-10',
    action: "Read the panel's decision on your referral and act on it.",
  },
];
const email = digestEmail({
  day: '2025-03-10',
  assignee: 'worker-1',
  tasks,
  publicUrl: 'https://casework.council.example',
  recipientDomain: 'council.example',
});

describe('the daily digest e-mail', () => {
  it('counts the tasks due and overdue in a subject that names no child and no case', () => {
    expect(email.subject).toBe(
      'Attendance casework: 2 tasks due or overdue (1 overdue) on 2025-03-10',
    );
    for (const t of tasks) expect(email.subject).not.toContain(t.pupilId);
  });

  it('lists each task with what to do, whether it is overdue, and a link to the case page', () => {
    expect(email.text).toContain(
      '- Overdue since 2025-03-07: Review the attendance contract with the parents.\n  https://casework.council.example/cases/a3f1c2d4-0000-4000-8000-000000000001',
    );
    expect(email.text).toContain(
      "- Due today: Read the panel's decision on your referral and act on it.\n  https://casework.council.example/cases/a3f1c2d4-0000-4000-8000-000000000002",
    );
    expect(email.text).toContain('https://casework.council.example/my-tasks');
  });

  it('goes to the user id at the LA’s mail domain, or to the id itself when it is an address', () => {
    expect(email.to).toBe('worker-1@council.example');
    expect(
      digestEmail({
        day: '2025-03-10',
        assignee: 'sam.patel@council.example',
        tasks,
        publicUrl: 'https://x.example',
        recipientDomain: 'other.example',
      }).to,
    ).toBe('sam.patel@council.example');
  });

  it('has the same message id for the same person and day, and another for another day, without the user id', () => {
    const again = digestEmail({
      day: '2025-03-10',
      assignee: 'worker-1',
      tasks: tasks.slice(0, 1),
      publicUrl: 'https://x.example',
      recipientDomain: 'x.example',
    });
    const tomorrow = digestEmail({
      day: '2025-03-11',
      assignee: 'worker-1',
      tasks,
      publicUrl: 'https://x.example',
      recipientDomain: 'x.example',
    });
    expect(again.messageId).toBe(email.messageId);
    expect(tomorrow.messageId).not.toBe(email.messageId);
    expect(email.messageId).not.toContain('worker-1');
  });
});
