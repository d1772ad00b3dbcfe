/**
 * Scaling a generated history up for benchmarks. Deciding a million events one command at a time
 * is slow (every command reads and folds its whole stream), so a benchmark generates a template
 * history through the deciders once and writes it many times over, each copy re-keyed: every id
 * (pupils, families, parents, notices, events, correlations) becomes a copy's own, references and
 * UPNs (with their check letters) are made unique, and each stream's hash chain is recomputed. A
 * copy is therefore the same journeys, decided by the domain, for other children; the settings
 * streams (schools, staff, code of conduct) are written once and shared.
 *
 * Copies are interleaved: each template command's events are written for every copy before the
 * next command's, so the global feed keeps the history's business-time order.
 */
import { upnCheckLetter } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { eventHash, GENESIS } from '../audit/hash-chain';
import { Prng } from './prng';

export interface CloneOptions {
  copies: number;
  seed: number;
  /** Called after each template command has been written for every copy. */
  onProgress?: (written: number) => void;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;
const REFERENCE = /"([PF])-(\d{6})/g;
const UPN = /"upn":"[A-Z](\d{3})\d{4}(\d{2})(\d{3})"/g;
const HEX = '0123456789abcdef';

/**
 * A bijection on UUIDs for one copy: each hex digit shifted by the copy's key, keeping the
 * version (4) and variant (8-b) digits in range, so distinct ids stay distinct.
 */
function rekeyer(key: number[]): (uuid: string) => string {
  return (uuid) => {
    let out = '';
    for (let i = 0, k = 0; i < uuid.length; i += 1) {
      const c = uuid[i];
      if (c === '-' || i === 14) out += c;
      else if (i === 19) out += HEX[8 + ((HEX.indexOf(c) - 8 + key[k++]) & 3)];
      else out += HEX[(HEX.indexOf(c) + key[k++]) & 15];
    }
    return out;
  };
}

/** Template events grouped as they were appended: one command's events to one stream. */
function appends(template: readonly RecordedEvent[]): RecordedEvent[][] {
  const groups: RecordedEvent[][] = [];
  for (const e of template) {
    const current = groups[groups.length - 1];
    if (
      current &&
      current[0].streamId === e.streamId &&
      current[0].metadata.correlationId === e.metadata.correlationId
    )
      current.push(e);
    else groups.push([e]);
  }
  return groups;
}

/** Writes `copies` re-keyed copies of a template history; returns the events written. */
export async function cloneHistory(
  template: readonly RecordedEvent[],
  store: EventStore,
  options: CloneOptions,
): Promise<{ events: number; lastPosition: bigint | undefined }> {
  const rng = new Prng(options.seed);
  const copies = Array.from({ length: options.copies }, (_, copy) => ({
    copy,
    rekey: rekeyer(Array.from({ length: 32 }, () => rng.int(0, 15))),
    lastHash: new Map<string, string>(),
  }));
  let events = 0;
  let lastPosition: bigint | undefined;
  for (const group of appends(template)) {
    const { streamId } = group[0];
    const expectedRevision = group[0].revision === 0n ? 'no_stream' : group[0].revision - 1n;
    if (streamId.startsWith('settings-')) {
      // Shared by every copy: written once, as decided.
      const result = await store.appendToStream(
        streamId,
        group.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
        { expectedRevision },
      );
      events += group.length;
      lastPosition = result.position;
      continue;
    }
    const text = JSON.stringify(
      group.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
    );
    for (const c of copies) {
      const tag = String(c.copy).padStart(4, '0');
      const rekeyed = text
        .replace(UUID, c.rekey)
        .replace(REFERENCE, (_, kind: string, n: string) => `"${kind}-${tag}-${n}`)
        .replace(UPN, (_, la: string, entry: string, serial: string) => {
          const body = `${la}${tag}${entry}${serial}`;
          return `"upn":"${upnCheckLetter(body)}${body}"`;
        });
      const copied = JSON.parse(rekeyed) as {
        id: string;
        type: string;
        data: Record<string, unknown>;
        metadata: RecordedEvent['metadata'];
      }[];
      const copyStream = streamId.replace(UUID, c.rekey);
      let previousHash = c.lastHash.get(copyStream) ?? GENESIS;
      for (const [i, e] of copied.entries()) {
        const { hash: _h, previousHash: _p, ...metadata } = e.metadata;
        const hash = eventHash(previousHash, {
          streamId: copyStream,
          revision: group[i].revision,
          type: e.type,
          data: e.data,
          metadata,
        });
        e.metadata = { ...metadata, previousHash, hash };
        previousHash = hash;
      }
      c.lastHash.set(copyStream, previousHash);
      const result = await store.appendToStream(copyStream, copied, { expectedRevision });
      events += copied.length;
      lastPosition = result.position;
    }
    options.onProgress?.(events);
  }
  return { events, lastPosition };
}
