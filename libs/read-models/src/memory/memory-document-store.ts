import type {
  CollectionDefinition,
  DocumentStore,
  QueryOptions,
  QueryResult,
  UnitOfWork,
} from '../document-store.port';
import { IndexEntry, pageOf, planQuery } from '../index-entries';
import { checkCheckpointConditions, checkId, runUnitOfWork } from '../unit-of-work';

interface Stored {
  json: string;
  entries: IndexEntry[];
}

/** In memory, for fast tests of code above the port. Same contract as the real adapters. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Map<string, Stored>>();
  private readonly checkpoints = new Map<string, string>();

  private collection(name: string): Map<string, Stored> {
    let found = this.collections.get(name);
    if (!found) this.collections.set(name, (found = new Map()));
    return found;
  }

  async get<T extends object>(
    collection: CollectionDefinition<T>,
    id: string,
  ): Promise<T | undefined> {
    checkId(id);
    const stored = this.collections.get(collection.name)?.get(id);
    return stored ? (JSON.parse(stored.json) as T) : undefined;
  }

  async getMany<T extends object>(
    collection: CollectionDefinition<T>,
    ids: readonly string[],
  ): Promise<(T | undefined)[]> {
    return Promise.all(ids.map((id) => this.get(collection, id)));
  }

  async query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    const plan = planQuery(collection, options);
    const docs = this.collections.get(collection.name) ?? new Map<string, Stored>();
    const members: { member: string; json: string }[] = [];
    for (const stored of docs.values())
      for (const entry of stored.entries)
        if (entry.set === plan.set) members.push({ member: entry.member, json: stored.json });
    const asc = plan.direction === 'asc';
    members.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    if (!asc) members.reverse();
    const after = plan.after;
    const page = members
      .filter((m) => after === undefined || (asc ? m.member > after : m.member < after))
      .slice(0, plan.limit + 1);
    return pageOf<T>(
      page.map((m) => ({ member: m.member, body: m.json })),
      plan.limit,
    );
  }

  async put<T extends object>(collection: CollectionDefinition<T>, id: string, document: T) {
    await this.transaction((tx) => tx.put(collection, id, document));
  }

  async delete(collection: CollectionDefinition, id: string): Promise<void> {
    await this.transaction((tx) => tx.delete(collection, id));
  }

  async transaction<R>(work: (tx: UnitOfWork) => R | Promise<R>): Promise<R> {
    const { result, pending } = await runUnitOfWork(
      (c, id) => this.collections.get(c)?.get(id)?.json,
      work,
    );
    checkCheckpointConditions(pending, (name) => this.checkpoints.get(name));
    for (const op of pending.writes) {
      if (op.kind === 'delete') this.collections.get(op.collection)?.delete(op.id);
      else this.collection(op.collection).set(op.id, { json: op.json, entries: op.entries });
    }
    for (const c of pending.checkpoints) this.checkpoints.set(c.name, c.position);
    return result;
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    return this.checkpoints.get(name);
  }

  async clear(prefix: string): Promise<void> {
    for (const name of [...this.collections.keys()])
      if (name.startsWith(prefix)) this.collections.delete(name);
    for (const name of [...this.checkpoints.keys()])
      if (name.startsWith(prefix)) this.checkpoints.delete(name);
  }

  async close(): Promise<void> {}
}
