import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { READ_MODELS_PAGE_SIZE } from '../sqlite/sqlite-document-store';
import type { LeaseManager } from './lease-manager.port';
import { retryWhileBusy } from '../sqlite/open-shared-file';

export interface SqliteLeaseManagerOptions {
  /** Usually the read models' own file, so every process using them sees the same leases. */
  file: string;
  /** Milliseconds since the epoch; wall-clock time, because several processes compare it. */
  clock?: () => number;
  busyTimeoutMs?: number;
}

/**
 * The embedded default's leases, kept in SQLite rather than in memory so that a second process on
 * the same DATA_DIR (a worker beside the api, or `npm run projections:rebuild`) sees who owns a
 * projection. Each call is one IMMEDIATE transaction: check and take happen under the write lock.
 */
export class SqliteLeaseManager implements LeaseManager {
  private readonly db: Database.Database;
  private readonly clock: () => number;
  private readonly take: (
    name: string,
    owner: string,
    ttlMs: number,
    onlyIfOwner: boolean,
  ) => boolean;

  private readonly drop: (name: string, owner: string) => unknown;
  private readonly owner: (name: string) => string | undefined;
  private readonly members: (group: string, owner: string, ttlMs: number) => number;

  constructor(options: SqliteLeaseManagerOptions) {
    if (options.file !== ':memory:')
      fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    this.db = new Database(options.file);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // It shares the read models' file, which it (or another process) may be creating right now.
    retryWhileBusy(() => {
      this.db.pragma(`page_size = ${READ_MODELS_PAGE_SIZE}`);
      this.db.pragma('journal_mode = WAL');
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)',
      );
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS lease_groups (name TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (name, owner)) WITHOUT ROWID',
      );
    }, busyTimeoutMs);
    this.clock = options.clock ?? Date.now;
    const holder = this.db.prepare<[string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM leases WHERE name = ?',
    );
    this.owner = (name) => {
      const row = holder.get(name);
      return row && row.expires_at > this.clock() ? row.owner : undefined;
    };
    const upsert = this.db.prepare(
      'INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
    );
    const txn = this.db.transaction(
      (name: string, owner: string, ttlMs: number, onlyIfOwner: boolean): boolean => {
        const now = this.clock();
        const row = holder.get(name);
        const heldBy = row && row.expires_at > now ? row.owner : undefined;
        if (onlyIfOwner ? heldBy !== owner : heldBy !== undefined && heldBy !== owner) return false;
        upsert.run(name, owner, now + ttlMs);
        return true;
      },
    );
    this.take = (name, owner, ttlMs, onlyIfOwner) => txn.immediate(name, owner, ttlMs, onlyIfOwner);
    const beat = this.db.prepare(
      'INSERT INTO lease_groups (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name, owner) DO UPDATE SET expires_at = excluded.expires_at',
    );
    const expire = this.db.prepare('DELETE FROM lease_groups WHERE name = ? AND expires_at <= ?');
    const count = this.db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM lease_groups WHERE name = ?',
    );
    const members = this.db.transaction((group: string, owner: string, ttlMs: number) => {
      const now = this.clock();
      beat.run(group, owner, now + ttlMs);
      expire.run(group, now);
      return (count.get(group) as { n: number }).n;
    });
    this.members = (group, owner, ttlMs) => members.immediate(group, owner, ttlMs);
    const release = this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
    this.drop = (name, owner) => release.run(name, owner);
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.take(name, owner, ttlMs, false);
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.take(name, owner, ttlMs, true);
  }

  async release(name: string, owner: string): Promise<void> {
    this.drop(name, owner);
  }

  async heartbeat(group: string, owner: string, ttlMs: number): Promise<number> {
    return this.members(group, owner, ttlMs);
  }

  /** Who holds a lease now (undefined once it was released or has expired). */
  async holder(name: string): Promise<string | undefined> {
    return this.owner(name);
  }

  close(): void {
    this.db.close();
  }
}
