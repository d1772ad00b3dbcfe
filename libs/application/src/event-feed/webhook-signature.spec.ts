import { Webhook } from 'standardwebhooks';
import { backoffDelayMs } from '@app/jobs';
import { newWebhookSecret, signatureHeaders, verifySignature } from './webhook-signature';

const at = new Date('2026-12-04T10:00:00Z');
const body = '{"specversion":"1.0","id":"e-1","type":"uk.gov.attendance.pupil.registered.v1"}';

describe('webhook signatures (Standard Webhooks)', () => {
  const secret = newWebhookSecret();
  const headers = signatureHeaders(secret, 'e-1', body, at);

  it('signs so that the Standard Webhooks library verifies it', () => {
    const now = Date.now;
    Date.now = () => at.getTime();
    try {
      expect(new Webhook(secret).verify(body, { ...headers })).toMatchObject({ id: 'e-1' });
    } finally {
      Date.now = now;
    }
  });

  it('puts the id, the timestamp in seconds and a v1 signature in the headers', () => {
    expect(headers['webhook-id']).toBe('e-1');
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('verifies an untouched body', () => {
    expect(verifySignature(secret, headers, body, at)).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verifySignature(secret, headers, body.replace('e-1', 'e-2'), at)).toEqual({
      ok: false,
      reason: 'no signature matches',
    });
  });

  it('refuses another subscription’s secret', () => {
    expect(verifySignature(newWebhookSecret(), headers, body, at).ok).toBe(false);
  });

  it('refuses a signature older than five minutes (a replayed request)', () => {
    const later = new Date(at.getTime() + 5 * 60_000 + 1_000);
    expect(verifySignature(secret, headers, body, later)).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
  });

  it('makes a new 32-byte secret each time', () => {
    const made = newWebhookSecret();
    expect(made).toMatch(/^whsec_/);
    expect(Buffer.from(made.slice(6), 'base64')).toHaveLength(32);
    expect(made).not.toBe(secret);
  });
});

describe('the retry schedule of a failing delivery (EVENT_FEED_BACKOFF_MS 10 s, exponential)', () => {
  it('waits 10 s, 20 s, 40 s … before attempts 2, 3, 4 …: about 21 minutes over the default 8 attempts', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((made) =>
      backoffDelayMs({ type: 'exponential', delayMs: 10_000 }, made),
    );
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000]);
    expect(waits.reduce((a, b) => a + b) / 60_000).toBeCloseTo(21.17, 1);
  });
});
