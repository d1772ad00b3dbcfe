import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CollectionDefinition,
  DocumentStore,
  QueryOptions,
  QueryResult,
  UnitOfWork,
} from '../document-store.port';
import { IndexEntry, idMember, idOfMember, pageOf, planQuery, unindexed } from '../index-entries';
import { checkCheckpointConditions, checkId, PendingWrites, runUnitOfWork } from '../unit-of-work';
import { retryWhileBusy } from './open-shared-file';

export interface SqliteDocumentStoreOptions {
  /** Database file; default `data/read-models.db`. `:memory:` for a throwaway store. */
  file?: string;
  busyTimeoutMs?: number;
}

// Index entries live in a side table keyed (collection, set, member): a query is one range scan
// of the primary key, whatever the collection declares, so declaring an index needs no DDL. A
// collection with no index and no sort key keeps no entries: it is listed from the documents
// table, whose key is in the same order (ids by UTF-8 bytes).
// (Files written before that may still hold such a collection's entries: nothing reads them, a
// delete or the clearing of a dropped version removes them.)
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS document_index (
  collection TEXT NOT NULL, set_name TEXT NOT NULL, member TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (collection, set_name, member)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS document_index_by_document ON document_index (collection, id);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);`;

/**
 * Page size of a new read-models file (an existing file keeps its own). A journey document or a
 * caseload row and its neighbours fit in fewer pages than at SQLite's default 4096, so a batch
 * dirties fewer pages to write to the WAL. The lease manager, which can open the same file first,
 * creates it the same way.
 */
export const READ_MODELS_PAGE_SIZE = 8192;

/**
 * Pages of WAL before SQLite copies them into the database (its default is 1000). A projection
 * rewrites the same index and document pages batch after batch; a checkpoint every 4000 pages
 * (32 MiB at 8 KiB a page) copies each of them once instead of every few batches.
 */
const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * The embedded default. WAL with synchronous NORMAL: unlike the event store, a read model can be
 * rebuilt from the events, so losing the last commits in a power cut costs a replay, not a record;
 * its checkpoint is in the same transaction, so the replay starts exactly where the data stops.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly sql;
  private readonly commit: Database.Transaction<(pending: PendingWrites) => void>;

  constructor(options: SqliteDocumentStoreOptions = {}) {
    const file = options.file ?? path.join('data', 'read-models.db');
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Other processes (the api, projection workers) may be setting the same file up right now.
    retryWhileBusy(() => {
      this.db.pragma(`page_size = ${READ_MODELS_PAGE_SIZE}`); // before WAL: fixed from then on
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      this.db.exec(SCHEMA);
    }, busyTimeoutMs);
    const page = (op: string, order: string) =>
      this.db.prepare(
        `SELECT d.body, i.member FROM document_index i
         JOIN documents d ON d.collection = i.collection AND d.id = i.id
         WHERE i.collection = ? AND i.set_name = ? AND i.member ${op} ?
         ORDER BY i.member ${order} LIMIT ?`,
      );
    this.sql = {
      get: this.db.prepare('SELECT body FROM documents WHERE collection = ? AND id = ?'),
      getMany: this.db.prepare(
        'SELECT id, body FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))',
      ),
      // An unchanged document (a row rederived to the same values) is left alone: no page to write.
      upsert: this.db.prepare(
        'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body WHERE body <> excluded.body',
      ),
      deleteDoc: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      deleteEntries: this.db.prepare('DELETE FROM document_index WHERE collection = ? AND id = ?'),
      entriesOf: this.db
        .prepare('SELECT set_name, member FROM document_index WHERE collection = ? AND id = ?')
        .raw(),
      deleteEntry: this.db.prepare(
        'DELETE FROM document_index WHERE collection = ? AND set_name = ? AND member = ?',
      ),
      insertEntry: this.db.prepare(
        'INSERT INTO document_index (collection, set_name, member, id) VALUES (?, ?, ?, ?)',
      ),
      listAsc: this.db.prepare(
        'SELECT id, body FROM documents WHERE collection = ? AND id > ? ORDER BY id ASC LIMIT ?',
      ),
      listDesc: this.db.prepare(
        'SELECT id, body FROM documents WHERE collection = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
      listDescFromEnd: this.db.prepare(
        'SELECT id, body FROM documents WHERE collection = ? ORDER BY id DESC LIMIT ?',
      ),
      asc: page('>', 'ASC'),
      desc: page('<', 'DESC'),
      getCheckpoint: this.db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      setCheckpoint: this.db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      // `>= prefix AND < prefix + U+FFFF`: a prefix match that uses the primary key, with no
      // LIKE wildcards to escape.
      clearDocs: this.db.prepare('DELETE FROM documents WHERE collection >= ? AND collection < ?'),
      clearEntries: this.db.prepare(
        'DELETE FROM document_index WHERE collection >= ? AND collection < ?',
      ),
      clearCheckpoints: this.db.prepare('DELETE FROM checkpoints WHERE name >= ? AND name < ?'),
    };
    this.commit = this.db.transaction((pending: PendingWrites) => {
      checkCheckpointConditions(pending, (name) => this.checkpoint(name));
      for (const op of pending.writes) {
        if (op.kind === 'delete') {
          this.sql.deleteEntries.run(op.collection, op.id);
          this.sql.deleteDoc.run(op.collection, op.id);
          continue;
        }
        this.sql.upsert.run(op.collection, op.id, op.json);
        if (!op.unindexed) this.updateEntries(op.collection, op.id, op.entries);
      }
      for (const c of pending.checkpoints) this.sql.setCheckpoint.run(c.name, c.position);
    });
  }

  /**
   * Moves a document's index entries to `entries`, touching only those that changed: a row
   * rewritten with the same indexed values (most are) writes no index page.
   */
  private updateEntries(collection: string, id: string, entries: readonly IndexEntry[]): void {
    const old = this.sql.entriesOf.all(collection, id) as [string, string][];
    const kept = new Set<string>();
    for (const [set, member] of old) {
      if (entries.some((e) => e.set === set && e.member === member))
        kept.add(`${set}\u0000${member}`);
      else this.sql.deleteEntry.run(collection, set, member);
    }
    for (const e of entries)
      if (!kept.has(`${e.set}\u0000${e.member}`))
        this.sql.insertEntry.run(collection, e.set, e.member, id);
  }

  private checkpoint(name: string): string | undefined {
    return (this.sql.getCheckpoint.get(name) as { position: string } | undefined)?.position;
  }

  async get<T extends object>(
    collection: CollectionDefinition<T>,
    id: string,
  ): Promise<T | undefined> {
    checkId(id);
    const body = this.body(collection.name, id);
    return body === undefined ? undefined : (JSON.parse(body) as T);
  }

  private body(collection: string, id: string): string | undefined {
    return (this.sql.get.get(collection, id) as { body: string } | undefined)?.body;
  }

  async getMany<T extends object>(
    collection: CollectionDefinition<T>,
    ids: readonly string[],
  ): Promise<(T | undefined)[]> {
    ids.forEach(checkId);
    const rows = this.sql.getMany.all(collection.name, JSON.stringify(ids)) as {
      id: string;
      body: string;
    }[];
    const bodies = new Map(rows.map((r) => [r.id, r.body]));
    return ids.map((id) => {
      const body = bodies.get(id);
      return body === undefined ? undefined : (JSON.parse(body) as T);
    });
  }

  async query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    const plan = planQuery(collection, options);
    const asc = plan.direction === 'asc';
    if (unindexed(collection)) return this.list<T>(collection.name, plan.after, asc, plan.limit);
    // '' sorts before every member and '~' after every member (members are [0-9a-f.]).
    const after = plan.after ?? (asc ? '' : '~');
    const rows = (asc ? this.sql.asc : this.sql.desc).all(
      collection.name,
      plan.set,
      after,
      plan.limit + 1,
    ) as { body: string; member: string }[];
    return pageOf<T>(rows, plan.limit);
  }

  /** A collection without entries, listed by id from the documents table (see SCHEMA). */
  private list<T extends object>(
    collection: string,
    after: string | undefined,
    asc: boolean,
    limit: number,
  ): QueryResult<T> {
    const from = after === undefined ? undefined : idOfMember(after);
    const rows = (
      asc
        ? this.sql.listAsc.all(collection, from ?? '', limit + 1)
        : from === undefined
          ? this.sql.listDescFromEnd.all(collection, limit + 1)
          : this.sql.listDesc.all(collection, from, limit + 1)
    ) as { id: string; body: string }[];
    return pageOf<T>(
      rows.map((r) => ({ member: idMember(r.id), body: r.body })),
      limit,
    );
  }

  async put<T extends object>(collection: CollectionDefinition<T>, id: string, document: T) {
    await this.transaction((tx) => tx.put(collection, id, document));
  }

  async delete(collection: CollectionDefinition, id: string): Promise<void> {
    await this.transaction((tx) => tx.delete(collection, id));
  }

  async transaction<R>(work: (tx: UnitOfWork) => R | Promise<R>): Promise<R> {
    const { result, pending } = await runUnitOfWork((c, id) => this.body(c, id), work);
    this.commit.immediate(pending);
    return result;
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    return this.checkpoint(name);
  }

  async clear(prefix: string): Promise<void> {
    const end = `${prefix}\uffff`;
    this.db.transaction(() => {
      this.sql.clearEntries.run(prefix, end);
      this.sql.clearDocs.run(prefix, end);
      this.sql.clearCheckpoints.run(prefix, end);
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
