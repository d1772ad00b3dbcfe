/**
 * The append rules every adapter that keeps its own log applies (memory, SQLite), so both answer
 * exactly as EventStoreDB documents: optimistic concurrency on the expected revision, and
 * idempotence by event id (re-sending the same ids at the same expected revision writes nothing).
 */
import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision, NewEvent } from './event-store.port';

export type AppendDecision =
  /** Write the events starting at this revision. */
  | { kind: 'write'; firstRevision: bigint }
  /** These exact events are already there (a retry): write nothing, answer with the existing last one. */
  | { kind: 'already-written'; lastRevision: bigint };

/**
 * @param current the stream's last revision, or undefined when it does not exist
 * @param existingIdsFrom looks up the ids stored in the stream from a revision on (for the idempotence check)
 */
export function decideAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  current: bigint | undefined,
  existingIdsFrom: (fromRevision: bigint, count: number) => string[],
  revisionOfId: (id: string) => bigint | undefined,
): AppendDecision {
  if (events.length === 0) throw new Error('Nothing to append: pass at least one event.');
  const ids = events.map((e) => e.id);
  if (new Set(ids).size !== ids.length)
    throw new Error('The same event id appears twice in one append.');

  // Idempotent retry: the first id is already in this stream.
  const firstKnown = revisionOfId(ids[0]);
  if (firstKnown !== undefined) {
    const stored = existingIdsFrom(firstKnown, ids.length);
    const sameEvents = stored.length === ids.length && stored.every((id, i) => id === ids[i]);
    const expectedMatches =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && firstKnown === 0n) ||
      (typeof expected === 'bigint' && expected + 1n === firstKnown);
    if (sameEvents && expectedMatches)
      return { kind: 'already-written', lastRevision: firstKnown + BigInt(ids.length) - 1n };
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
  if (ids.some((id) => revisionOfId(id) !== undefined)) {
    // A partial overlap with events already stored is a conflict, as in EventStoreDB.
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }

  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  return { kind: 'write', firstRevision: current === undefined ? 0n : current + 1n };
}
