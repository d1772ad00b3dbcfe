/**
 * Tamper evidence: every event's metadata carries a hash over a canonical serialisation of the
 * event (stream, revision, type, data, metadata without the hash itself) chained to the hash of
 * the previous event of its stream. Altering, removing or reordering a stored event breaks the
 * chain at that event. The store's own recorded time is outside the hash (the store sets it).
 */
import { createHash } from 'node:crypto';

export const HASH_ALGORITHM = 'sha256';
/** The chain's anchor for the first event of a stream. */
export const GENESIS = '0'.repeat(64);

export interface ChainedEventInput {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  /** Metadata without `hash` and `previousHash`. */
  metadata: Record<string, unknown>;
}

/**
 * JSON with object keys sorted at every depth, so equal values always hash alike. Every stored
 * hash was computed over this text, so it must never change: undefined properties are left out,
 * undefined array items are `null`, keys are in UTF-16 code-unit order, strings and numbers are
 * as JSON.stringify writes them. It runs once per event written, so it builds one string in plain
 * loops rather than arrays of entries.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // A hole in a sparse array writes nothing, as Array.prototype.join does.
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  return canonicalObject(value as Record<string, unknown>);
}

/** An object's members in key order; `skip` leaves out the hash fields without copying metadata. */
function canonicalObject(object: Record<string, unknown>, skip?: (key: string) => boolean): string {
  // Object.keys + the default sort: own enumerable string keys in UTF-16 code-unit order.
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined || skip?.(key)) continue;
    out += `${first ? '' : ','}${keyJson(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

// Events repeat a handful of keys (date, session, code, actor...): serialise each once.
const keyCache = new Map<string, string>();
const keyJson = (key: string): string => {
  let json = keyCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (keyCache.size < 10_000) keyCache.set(key, json);
  }
  return json;
};

const isHashField = (key: string) => key === 'hash' || key === 'previousHash';

export function eventHash(previousHash: string, event: ChainedEventInput): string {
  // canonicalJson({ streamId, revision, type, data, metadata }) written out, keys in order,
  // with the metadata's own hash fields left out.
  const data = event.data === undefined ? '' : `"data":${canonicalJson(event.data)},`;
  const text =
    `{${data}"metadata":${canonicalObject(event.metadata, isHashField)},` +
    `"revision":${JSON.stringify(event.revision.toString())},` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  return createHash(HASH_ALGORITHM).update(previousHash).update('\n').update(text).digest('hex');
}
