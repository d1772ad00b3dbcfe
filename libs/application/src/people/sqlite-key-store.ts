import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_KEY_BYTES, type KeyStore } from './key-store.port';

/**
 * Data keys in their own SQLite file (DATA_DIR/keys.db), never the event store's. A destroyed key
 * must leave no copy in the file: `secure_delete` overwrites the freed bytes with zeros, and the
 * rollback journal (not WAL, whose frames would keep the old page until a checkpoint) is deleted
 * once each write commits. Writes are rare (one per person recorded or erased), so the journal
 * mode costs nothing that matters.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, data_key BLOB NOT NULL)',
    );
  }

  async keyFor(personId: string): Promise<Buffer> {
    this.db
      .prepare('INSERT OR IGNORE INTO person_keys (person_id, data_key) VALUES (?, ?)')
      .run(personId, randomBytes(DATA_KEY_BYTES));
    return (await this.find(personId))!;
  }

  async find(personId: string): Promise<Buffer | undefined> {
    const row = this.db
      .prepare('SELECT data_key FROM person_keys WHERE person_id = ?')
      .get(personId) as { data_key: Buffer } | undefined;
    return row?.data_key;
  }

  async destroy(personId: string): Promise<void> {
    this.db.prepare('DELETE FROM person_keys WHERE person_id = ?').run(personId);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
