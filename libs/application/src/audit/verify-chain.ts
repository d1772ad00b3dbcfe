/**
 * Walks hash chains (see hash-chain.ts) and reports the first broken link of each stream: an
 * event whose content no longer matches its hash (altered), whose previous-hash does not match
 * the event before it (an event removed or moved), or whose revision skips (removed).
 */
import type { EventStore, RecordedEvent } from '@app/event-store';
import { StreamNotFoundError } from '@app/event-store';
import { eventHash, GENESIS } from './hash-chain';

export type BrokenLinkReason = 'content-altered' | 'chain-broken' | 'revision-gap' | 'missing-hash';

export interface BrokenLink {
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  reason: BrokenLinkReason;
}

export interface ChainReport {
  streamsChecked: number;
  eventsChecked: number;
  brokenLinks: BrokenLink[];
}

/** Walks each stream's chain as its events come (in revision order within a stream). */
export class ChainWalker {
  private readonly last = new Map<string, { hash: string; revision: bigint }>();
  private readonly broken = new Map<string, BrokenLink>();
  events = 0;

  visit(event: RecordedEvent): void {
    this.events += 1;
    if (this.broken.has(event.streamId)) return;
    const before = this.last.get(event.streamId);
    const fail = (reason: BrokenLinkReason) =>
      this.broken.set(event.streamId, {
        streamId: event.streamId,
        revision: event.revision.toString(),
        eventId: event.id,
        type: event.type,
        reason,
      });
    const { hash, previousHash } = event.metadata;
    if (typeof hash !== 'string' || typeof previousHash !== 'string')
      return void fail('missing-hash');
    const expectedRevision = before ? before.revision + 1n : 0n;
    if (event.revision !== expectedRevision) return void fail('revision-gap');
    if (previousHash !== (before?.hash ?? GENESIS)) return void fail('chain-broken');
    const recomputed = eventHash(previousHash, {
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    });
    if (recomputed !== hash) return void fail('content-altered');
    this.last.set(event.streamId, { hash, revision: event.revision });
  }

  report(): ChainReport {
    const streams = new Set([...this.last.keys(), ...this.broken.keys()]);
    return {
      streamsChecked: streams.size,
      eventsChecked: this.events,
      brokenLinks: [...this.broken.values()],
    };
  }
}

/** One stream, read in revision order. */
export async function verifyStream(store: EventStore, streamId: string): Promise<ChainReport> {
  const walker = new ChainWalker();
  try {
    for await (const event of store.readStream(streamId)) walker.visit(event);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return walker.report();
}

/** Every stream whose id starts with one of the prefixes (all streams when none is given), in one pass over the global feed. */
export async function verifyStore(
  store: EventStore,
  prefixes: string[] = [],
): Promise<ChainReport> {
  const walker = new ChainWalker();
  const byStream = new Map<string, RecordedEvent[]>();
  for await (const event of store.readAll()) {
    if (prefixes.length && !prefixes.some((p) => event.streamId.startsWith(p))) continue;
    const list = byStream.get(event.streamId) ?? [];
    list.push(event);
    byStream.set(event.streamId, list);
  }
  // Within a stream, walk in revision order: a reordering shows as a hash that no longer fits.
  for (const events of byStream.values()) {
    events.sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
    for (const event of events) walker.visit(event);
  }
  return walker.report();
}
