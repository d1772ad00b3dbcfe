/**
 * E-mail: the daily digest of tasks due. With nothing set, messages are written as `.eml` files to
 * DATA_DIR/outbox (nothing to configure, nothing leaves the machine); SMTP_URL sends them through
 * the LA's mail relay instead.
 */
import * as path from 'node:path';
import { ConfigError, type Env, present, urlWithScheme, wholeNumber } from './config';

export interface MailConfig {
  transport: { kind: 'smtp'; url: string } | { kind: 'outbox'; dir: string };
  /** The sender (MAIL_FROM). */
  from: string;
  /** Appended to a user id that is not an address (MAIL_RECIPIENT_DOMAIN): `worker-1@<domain>`. */
  recipientDomain: string;
  digest: {
    /** The hour (UTC) from which each day's digests go (TASK_DIGEST_HOUR). */
    hourUtc: number;
    /** How often the job looks for people whose digest for today has not gone (TASK_DIGEST_CHECK_MS). */
    checkEveryMs: number;
  };
}

const ADDRESS = /^[^\s@<>"]+@[A-Za-z0-9.-]+$/;
const DOMAIN =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function mailConfig(env: Env, dataDir: string): MailConfig {
  const smtp = urlWithScheme(env, 'SMTP_URL', ['smtp://', 'smtps://']);
  const from = present(env, 'MAIL_FROM') ?? 'attendance-casework@localhost';
  if (!ADDRESS.test(from))
    throw new ConfigError('MAIL_FROM', `must be an e-mail address (got "${from}").`);
  const recipientDomain = present(env, 'MAIL_RECIPIENT_DOMAIN') ?? 'localhost';
  if (!DOMAIN.test(recipientDomain))
    throw new ConfigError(
      'MAIL_RECIPIENT_DOMAIN',
      `must be a mail domain such as council.gov.uk (got "${recipientDomain}").`,
    );
  return {
    transport: smtp
      ? { kind: 'smtp', url: smtp }
      : { kind: 'outbox', dir: path.join(dataDir, 'outbox') },
    from,
    recipientDomain,
    digest: {
      hourUtc: wholeNumber(env, 'TASK_DIGEST_HOUR', 6, 0, 23),
      checkEveryMs: wholeNumber(env, 'TASK_DIGEST_CHECK_MS', 900_000, 100, 86_400_000),
    },
  };
}
