import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  IDEMPOTENCY_TTL_MS,
  IdempotencyClaim,
  IdempotencyStore,
  IN_PROGRESS_TTL_MS,
  StoredResponse,
} from './idempotency-store.port';

interface Row {
  fingerprint: string;
  response: string | null;
  claimed_at: number;
}

/** The embedded default: keys in a SQLite file; claims are atomic through SQLite's write lock. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly clock: () => number = () => new Date().getTime(),
    private readonly inProgressMs = IN_PROGRESS_TTL_MS,
  ) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      response TEXT, claimed_at INTEGER NOT NULL, PRIMARY KEY (scope, key))`);
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const now = this.clock();
    return this.db
      .transaction((): IdempotencyClaim => {
        this.db
          .prepare('DELETE FROM idempotency_keys WHERE claimed_at < ?')
          .run(now - IDEMPOTENCY_TTL_MS);
        const row = this.db
          .prepare(
            'SELECT fingerprint, response, claimed_at FROM idempotency_keys WHERE scope = ? AND key = ?',
          )
          .get(scope, key) as Row | undefined;
        if (row && row.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (row?.response)
          return { state: 'completed', response: JSON.parse(row.response) as StoredResponse };
        if (row && row.claimed_at > now - this.inProgressMs) return { state: 'in-progress' };
        this.db
          .prepare(
            'INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, response, claimed_at) VALUES (?, ?, ?, NULL, ?)',
          )
          .run(scope, key, fingerprint, now);
        return { state: 'claimed' };
      })
      .immediate();
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    this.db
      .prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?')
      .run(JSON.stringify(response), scope, key);
  }

  async release(scope: string, key: string): Promise<void> {
    this.db
      .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL')
      .run(scope, key);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
