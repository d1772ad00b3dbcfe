/**
 * A history for the crash test, written straight to the event store: pupils registered at a few
 * schools, each with weeks of registers (some with unauthorised absence), built from the domain's
 * own journey fixtures so every projection accepts them.
 */
import { registeredWith, registerWeeks } from '@app/domain/testing/journey-fixtures';
import type { EventStore } from '@app/event-store';
import { randomUUID } from 'node:crypto';

const metadata = {
  actor: 'crash-test',
  role: 'attendance-officer',
  correlationId: 'crash-test',
  causationId: 'crash-test',
  occurredAt: '2025-01-06T09:00:00Z',
};

/** Registers pupils `from`..`from + count - 1`, each with `weeks` weeks of marks; returns the last position. */
export async function writePupils(
  store: EventStore,
  from: number,
  count: number,
  weeks: number,
): Promise<bigint> {
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const pupilId = `crash-${i}`;
    const events = [
      registeredWith({ pupilId, reference: `P-${i}`, yearGroup: 7 + (i % 5) }),
      ...registerWeeks(i % 4, weeks),
    ].map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata }));
    last = (
      await store.appendToStream(`pupil-${pupilId}`, events, { expectedRevision: 'no_stream' })
    ).position;
  }
  return last;
}
