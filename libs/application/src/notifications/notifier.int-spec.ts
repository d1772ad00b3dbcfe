/**
 * The notification port's adapters: SMTP (nodemailer) against a real SMTP server started here,
 * and the file outbox, which writes each message once as an `.eml` file a mail reader can open.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestSmtpServer } from '../testing/test-smtp-server';
import { Email, FileOutboxNotifier, SmtpNotifier } from './notifier';

const email: Email = {
  messageId: '<task-digest-2025-03-10-0123456789abcdef@attendance-casework>',
  to: 'worker-1@council.example',
  subject: 'Attendance casework: 1 task due or overdue (1 overdue) on 2025-03-10',
  text: 'Your work list on 2025-03-10.\n\n- Overdue since 2025-03-07: Review the contract.\n  https://casework.example/cases/p-1',
};

describe('the SMTP notifier', () => {
  it('delivers the message to a real SMTP server: sender, recipient, subject, body and message id', async () => {
    const server = await startTestSmtpServer();
    const notifier = new SmtpNotifier(server.url, 'casework@council.example');
    try {
      expect(await notifier.send(email)).toBe('sent');
      expect(server.received).toHaveLength(1);
      const [{ envelopeTo, parsed }] = server.received;
      expect(envelopeTo).toEqual(['worker-1@council.example']);
      expect(parsed.from?.text).toBe('casework@council.example');
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.text?.trim()).toBe(email.text);
      expect(parsed.messageId).toBe(email.messageId);
    } finally {
      await notifier.close();
      await server.close();
    }
  });

  it('fails the send, so the job retries, when the server cannot be reached', async () => {
    const server = await startTestSmtpServer();
    const url = server.url;
    await server.close();
    const notifier = new SmtpNotifier(url, 'casework@council.example');
    await expect(notifier.send(email)).rejects.toThrow();
    await notifier.close();
  });
});

describe('the file outbox notifier', () => {
  it('writes the message as an .eml file once; the same message again is recognised, not written twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    try {
      const notifier = new FileOutboxNotifier(path.join(dir, 'outbox'), 'casework@localhost');
      expect(await notifier.send(email)).toBe('sent');
      expect(await notifier.send(email)).toBe('already-sent');
      const files = fs.readdirSync(path.join(dir, 'outbox'));
      expect(files).toEqual([expect.stringMatching(/^_task-digest-2025-03-10-.*\.eml$/)]);
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, 'outbox', files[0])));
      expect(parsed.subject).toBe(email.subject);
      expect((parsed.to as { text: string }).text).toBe('worker-1@council.example');
      expect(parsed.text?.trim()).toBe(email.text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
