import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Correlation id: the caller's `X-Correlation-Id` when it looks like an id, else a new UUID. */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers['x-correlation-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[A-Za-z0-9._-]{8,100}$/.test(value) ? value : randomUUID();
}
