/**
 * Webhook signatures as the Standard Webhooks specification (standardwebhooks.com) defines them,
 * so a receiver can verify with one of its libraries or a few lines of its own:
 *   webhook-id:        the event's id (the CloudEvent `id`: the same on every retry)
 *   webhook-timestamp: seconds since the epoch when this attempt was signed
 *   webhook-signature: `v1,` + base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`))
 * The secret is `whsec_` + base64 of 32 random bytes; the key is the base64-decoded part. A
 * receiver refuses a timestamp too far from its own clock (replayed or delayed messages).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** How far a signed timestamp may be from the receiver's clock (the specification's suggestion). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export const newWebhookSecret = (): string =>
  `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

export function signatureHeaders(
  secret: string,
  id: string,
  body: string,
  at: Date,
): SignatureHeaders {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${sign(secret, id, timestamp, body)}`,
  };
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** What a receiver does (and what the tests' receiver does): recompute and compare, in constant time. */
export function verifySignature(
  secret: string,
  headers: Partial<Record<keyof SignatureHeaders, string>>,
  body: string,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Verification {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds)
    return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(sign(secret, id, timestamp, body));
  // The header may carry several space-separated signatures (during a secret rotation).
  const matches = signatures.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',', 2);
    const given = Buffer.from(value ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'no signature matches' };
}
