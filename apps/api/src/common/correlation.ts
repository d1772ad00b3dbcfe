import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CORRELATION_ID = Symbol('correlationId');

/**
 * Correlation id: the caller's `X-Correlation-Id` when it looks like an id, else a new UUID; the
 * same for every caller on one request (fastify's request id and pino's both ask).
 */
export function correlationIdOf(request: IncomingMessage): string {
  const kept = request as IncomingMessage & { [CORRELATION_ID]?: string };
  if (kept[CORRELATION_ID]) return kept[CORRELATION_ID];
  const given = request.headers['x-correlation-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return (kept[CORRELATION_ID] =
    value && /^[A-Za-z0-9._-]{8,100}$/.test(value) ? value : randomUUID());
}
