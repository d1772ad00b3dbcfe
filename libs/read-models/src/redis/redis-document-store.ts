import type Redis from 'ioredis';
import type {
  CollectionDefinition,
  DocumentStore,
  QueryOptions,
  QueryResult,
  UnitOfWork,
} from '../document-store.port';
import { CheckpointConflictError } from '../document-store.port';
import { idEntry, pageOf, planQuery } from '../index-entries';
import { checkId, PendingWrites, runUnitOfWork } from '../unit-of-work';
import { COMMIT, PAGE, runScript } from './redis-scripts';

export interface RedisDocumentStoreOptions {
  /** Every key starts with it, e.g. `read-models:` (tests use a unique prefix and clean up). */
  prefix?: string;
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Production: `<prefix>c:<collection>:doc:<id>` holds the JSON, `…:ent:<id>` the document's index
 * entries, `…:idx:<set>` one sorted set per index value and sort key (all scores 0, ordered by
 * member, read with ZRANGEBYLEX), and `<prefix>checkpoints` a hash of positions.
 */
export class RedisDocumentStore implements DocumentStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: RedisDocumentStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'read-models:';
  }

  private docKey(collection: string, id: string): string {
    return `${this.prefix}c:${collection}:doc:${id}`;
  }

  async get<T extends object>(
    collection: CollectionDefinition<T>,
    id: string,
  ): Promise<T | undefined> {
    checkId(id);
    const body = await this.body(collection.name, id);
    return body === undefined ? undefined : (JSON.parse(body) as T);
  }

  private async body(collection: string, id: string): Promise<string | undefined> {
    return (await this.redis.get(this.docKey(collection, id))) ?? undefined;
  }

  async getMany<T extends object>(
    collection: CollectionDefinition<T>,
    ids: readonly string[],
  ): Promise<(T | undefined)[]> {
    ids.forEach(checkId);
    if (ids.length === 0) return [];
    const bodies = await this.redis.mget(ids.map((id) => this.docKey(collection.name, id)));
    return bodies.map((body) => (body === null ? undefined : (JSON.parse(body) as T)));
  }

  async query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    const plan = planQuery(collection, options);
    const asc = plan.direction === 'asc';
    const from = plan.after === undefined ? (asc ? '-' : '+') : `(${plan.after}`;
    const flat = (await runScript(this.redis, PAGE, [
      this.prefix,
      collection.name,
      plan.set,
      plan.direction,
      from,
      String(plan.limit + 1),
    ])) as string[];
    const rows: { member: string; body: string }[] = [];
    for (let i = 0; i < flat.length; i += 2) rows.push({ member: flat[i], body: flat[i + 1] });
    return pageOf<T>(rows, plan.limit);
  }

  async put<T extends object>(collection: CollectionDefinition<T>, id: string, document: T) {
    await this.transaction((tx) => tx.put(collection, id, document));
  }

  async delete(collection: CollectionDefinition, id: string): Promise<void> {
    await this.transaction((tx) => tx.delete(collection, id));
  }

  async transaction<R>(work: (tx: UnitOfWork) => R | Promise<R>): Promise<R> {
    const { result, pending } = await runUnitOfWork((c, id) => this.body(c, id), work);
    if (pending.writes.length || pending.checkpoints.length) await this.commit(pending);
    return result;
  }

  private async commit(pending: PendingWrites): Promise<void> {
    // Script arguments: the prefix, the payload, then each document's JSON (`j` says which).
    const bodies: string[] = [];
    const writes = pending.writes.map((w) => {
      const write: Record<string, unknown> = { c: w.collection, id: w.id };
      if (w.kind === 'put') {
        bodies.push(w.json);
        write.j = bodies.length + 2;
      }
      if (w.unindexed) {
        const e = idEntry(w.id);
        write.u = [e.set, e.member];
      } else if (w.kind === 'put')
        write.ent = JSON.stringify(w.entries.map((e) => [e.set, e.member]));
      return write;
    });
    const payload = {
      checks: pending.checkpoints
        .filter((c) => c.expected !== undefined)
        .map((c) => [c.name, c.expected ?? '']),
      writes,
      checkpoints: pending.checkpoints.map((c) => [c.name, c.position]),
    };
    const reply = (await runScript(this.redis, COMMIT, [
      this.prefix,
      JSON.stringify(payload),
      ...bodies,
    ])) as string[];
    if (reply[0] === 'conflict') {
      const expected = pending.checkpoints.find((c) => c.name === reply[1])?.expected ?? null;
      throw new CheckpointConflictError(reply[1], expected, reply[2] === '' ? null : reply[2]);
    }
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    return (await this.redis.hget(`${this.prefix}checkpoints`, name)) ?? undefined;
  }

  /** Not atomic (it scans); meant for a projection version nobody reads or writes any more. */
  async clear(prefix: string): Promise<void> {
    const match = `${escapeGlob(this.prefix)}c:${escapeGlob(prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    const names = await this.redis.hkeys(`${this.prefix}checkpoints`);
    const cleared = names.filter((n) => n.startsWith(prefix));
    if (cleared.length) await this.redis.hdel(`${this.prefix}checkpoints`, ...cleared);
  }

  /** The connection belongs to whoever passed it in. */
  async close(): Promise<void> {}
}
