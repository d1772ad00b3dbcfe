import type { RecordedEvent } from '@app/event-store';
import { defineCollection } from '../document-store.port';
import type { Projection } from '../projector/projection';

/** Per stream: how many events were applied, and at which positions (a repeat would show). */
export interface Tally {
  streamId: string;
  count: number;
  positions: string[];
}

/** Per event: who applied it and how many times. */
export interface Applied {
  position: string;
  by: string;
  times: number;
}

export const tallies = defineCollection<Tally>({
  name: 'tallies',
  indexes: [],
  sortKeys: ['count'],
});
export const applied = defineCollection<Applied>({ name: 'applied', indexes: ['by'] });

export interface CountingOptions {
  /** Written into every Applied document, to tell competing workers apart. */
  by?: string;
  /** Called before each event is applied; may hold it up (to stop or look mid-way). */
  beforeApply?: (event: RecordedEvent) => void | Promise<void>;
  version?: number;
}

/** Counts `pupil-` events; throws on an event of type `Poison`. */
export const countingProjection = (options: CountingOptions = {}): Projection => ({
  name: 'counting',
  version: options.version ?? 1,
  streamPrefixes: ['pupil-'],
  collections: [tallies, applied],
  // Every document is keyed by the stream or the event, so it can run in partitions by stream.
  partitionKey: (event) => event.streamId,
  async apply(event, tx) {
    await options.beforeApply?.(event);
    if (event.type === 'Poison') throw new Error('This event cannot be projected.');
    const tally = (await tx.get(tallies, event.streamId)) ?? {
      streamId: event.streamId,
      count: 0,
      positions: [],
    };
    tx.put(tallies, event.streamId, {
      ...tally,
      count: tally.count + 1,
      positions: [...tally.positions, event.position.toString()],
    });
    const before = await tx.get(applied, event.id);
    tx.put(applied, event.id, {
      position: event.position.toString(),
      by: options.by ?? 'worker',
      times: (before?.times ?? 0) + 1,
    });
  },
});
