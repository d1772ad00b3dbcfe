import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/srv/data', ...env }, '/');

describe('mail configuration', () => {
  it('writes to the file outbox in DATA_DIR with nothing set, digests from 06:00 UTC every 15 minutes', () => {
    expect(load({}).mail).toEqual({
      transport: { kind: 'outbox', dir: path.join('/srv/data', 'outbox') },
      from: 'attendance-casework@localhost',
      recipientDomain: 'localhost',
      digest: { hourUtc: 6, checkEveryMs: 900_000 },
    });
  });

  it('sends through SMTP_URL, from MAIL_FROM, to users at MAIL_RECIPIENT_DOMAIN', () => {
    expect(
      load({
        SMTP_URL: 'smtp://relay.council.example:25',
        MAIL_FROM: 'casework@council.example',
        MAIL_RECIPIENT_DOMAIN: 'council.example',
        TASK_DIGEST_HOUR: '7',
      }).mail,
    ).toMatchObject({
      transport: { kind: 'smtp', url: 'smtp://relay.council.example:25' },
      from: 'casework@council.example',
      recipientDomain: 'council.example',
      digest: { hourUtc: 7 },
    });
  });

  it.each([
    ['SMTP_URL', 'http://relay.example'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_RECIPIENT_DOMAIN', 'council example'],
    ['TASK_DIGEST_HOUR', '24'],
    ['TASK_DIGEST_CHECK_MS', '0'],
  ])('refuses a bad %s, naming it', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(ConfigError);
    expect(() => load({ [name]: value })).toThrow(name);
  });
});
