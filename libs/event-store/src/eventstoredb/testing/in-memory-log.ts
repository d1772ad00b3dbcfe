import { decideAppend } from '../../append-rules';
import type { ExpectedRevision, NewEvent } from '../../event-store.port';

/** An event as proposed on the wire: the server keeps data and metadata as the bytes it was sent. */
export interface Proposed {
  id: string;
  metadata: Map<string, string>;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StoredEvent extends Proposed {
  streamId: string;
  revision: bigint;
  /** Commit and prepare position alike: a counter from 1, one per event. */
  position: bigint;
  /** 100-nanosecond ticks since the Unix epoch, as EventStoreDB sends `created`. */
  createdTicks: string;
}

const TICKS_PER_MS = 10_000n;

/** The protocol test server's store: one global log, streams indexing into it, live listeners. */
export class InMemoryLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId);
  }

  get lastPosition(): bigint {
    return this.all.length ? this.all[this.all.length - 1].position : 0n;
  }

  /** Calls `listener` for every event appended from now on; returns how to stop. */
  onAppend(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies an append by EventStoreDB's documented rules (the shared `append-rules.ts`), throwing
   * WrongExpectedRevisionError on a conflict; returns the last revision and its position.
   */
  write(
    streamId: string,
    expected: ExpectedRevision,
    messages: Proposed[],
  ): { revision: bigint; position: bigint; alreadyWritten: boolean } {
    const stream = this.streams.get(streamId) ?? [];
    const decision = decideAppend(
      streamId,
      messages.map((m) => ({ id: m.id }) as NewEvent),
      expected,
      stream.length ? BigInt(stream.length - 1) : undefined,
      (from, count) => stream.slice(Number(from), Number(from) + count).map((e) => e.id),
      (id) => stream.find((e) => e.id === id)?.revision,
    );
    if (decision.kind === 'already-written') {
      const last = stream[Number(decision.lastRevision)];
      return { revision: last.revision, position: last.position, alreadyWritten: true };
    }
    const createdTicks = (BigInt(Date.now()) * TICKS_PER_MS).toString();
    const written = messages.map((m, i): StoredEvent => ({
      ...m,
      streamId,
      revision: decision.firstRevision + BigInt(i),
      position: BigInt(this.all.length + 1 + i),
      createdTicks,
    }));
    this.all.push(...written);
    stream.push(...written);
    this.streams.set(streamId, stream);
    for (const event of written) for (const notify of this.listeners) notify(event);
    const last = written[written.length - 1];
    return { revision: last.revision, position: last.position, alreadyWritten: false };
  }
}
