/**
 * The notification port: e-mail to staff. Two adapters: SMTP (nodemailer, SMTP_URL) and a file
 * outbox (`.eml` files under DATA_DIR/outbox), the embedded default. A message has an id of its
 * own making, so the same message sent again is recognisable (the outbox refuses it outright).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/mail-config';

export interface Email {
  /** `<…@…>`, stable for the same message (a digest: its person and day). */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Notifier {
  /** `already-sent` when the adapter knows this message id went before (the outbox does). */
  send(email: Email): Promise<'sent' | 'already-sent'>;
  close(): Promise<void>;
}

export const NOTIFIER = Symbol('NOTIFIER');

export class SmtpNotifier implements Notifier {
  private readonly transport;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(email: Email): Promise<'sent'> {
    await this.transport.sendMail({ from: this.from, ...email });
    return 'sent';
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Writes each message, as it would go by SMTP, to `<dir>/<message id>.eml`, once. */
export class FileOutboxNotifier implements Notifier {
  private readonly composer = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}

  fileOf(messageId: string): string {
    return path.join(this.dir, `${messageId.replace(/[^A-Za-z0-9_.@-]/g, '_')}.eml`);
  }

  async send(email: Email): Promise<'sent' | 'already-sent'> {
    const info = await this.composer.sendMail({ from: this.from, ...email });
    fs.mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(email.messageId);
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, info.message as Buffer);
    try {
      // A link either appears whole or fails because the message is already there.
      fs.linkSync(partial, file);
      return 'sent';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'already-sent';
      throw error;
    } finally {
      fs.rmSync(partial, { force: true });
    }
  }

  async close(): Promise<void> {}
}

export function createNotifier(mail: MailConfig): Notifier {
  return mail.transport.kind === 'smtp'
    ? new SmtpNotifier(mail.transport.url, mail.from)
    : new FileOutboxNotifier(mail.transport.dir, mail.from);
}
