import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { entryLeaf, LogEntry } from './log-entry';
import {
  consistencyProof,
  Hash,
  inclusionProof,
  leafHash,
  nodesCompletedBy,
  NodeSource,
  treeRoot,
} from './merkle';
import type { SignedTreeHead } from './tree-head';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS leaves (
  idx          INTEGER PRIMARY KEY,
  position     INTEGER NOT NULL UNIQUE,
  event_id     TEXT    NOT NULL,
  stream_id    TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  recorded_at  TEXT    NOT NULL,
  content_hash TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tree_heads (
  tree_size INTEGER NOT NULL,
  timestamp TEXT    NOT NULL,
  root_hash TEXT    NOT NULL,
  key_id    TEXT    NOT NULL,
  signature TEXT    NOT NULL,
  PRIMARY KEY (tree_size, timestamp)
);`;

interface LeafRow {
  idx: bigint;
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  recorded_at: string;
  content_hash: string;
}

interface HeadRow {
  tree_size: number;
  timestamp: string;
  root_hash: string;
  key_id: string;
  signature: string;
}

/**
 * The append-only Merkle log in its own SQLite file (default DATA_DIR/transparency-log.db): one
 * row per leaf, in the order events were committed, and the hash of every complete subtree, so an
 * append adds O(log n) nodes and any root or proof costs O(log n) lookups. Appends skip entries at
 * or before the last logged position inside their write transaction, so two followers on one file
 * (two processes, or a follower and the tree-head command) never log an event twice.
 *
 * The file sits beside the event store and whoever can rewrite one can rewrite the other: what
 * makes rewriting show is the signed tree heads, whose key is not in either file.
 */
export class SqliteTransparencyLog {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appendTx;
  private readonly nodes: NodeSource;

  constructor(file: string, options: { readonly?: boolean } = {}) {
    if (!options.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // A power cut may lose the last appends; the follower logs them again, from the store, in
      // the same order, so they hash to the same leaves.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
    }
    const leaves = this.db.prepare('SELECT * FROM leaves WHERE idx >= ? ORDER BY idx LIMIT ?');
    leaves.safeIntegers(true);
    const last = this.db.prepare('SELECT idx, position FROM leaves ORDER BY idx DESC LIMIT 1');
    last.safeIntegers(true);
    this.statements = {
      leaves,
      last,
      node: this.db.prepare('SELECT hash FROM nodes WHERE level = ? AND idx = ?'),
      insertLeaf: this.db.prepare(
        'INSERT INTO leaves (idx, position, event_id, stream_id, revision, recorded_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertNode: this.db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)'),
      insertHead: this.db.prepare(
        'INSERT OR IGNORE INTO tree_heads (tree_size, timestamp, root_hash, key_id, signature) VALUES (?, ?, ?, ?, ?)',
      ),
      heads: this.db.prepare('SELECT * FROM tree_heads ORDER BY tree_size, timestamp'),
      latestHead: this.db.prepare(
        'SELECT * FROM tree_heads ORDER BY tree_size DESC, timestamp DESC LIMIT 1',
      ),
    };
    this.nodes = {
      node: (level, index) => {
        const row = this.statements.node.get(level, index) as { hash: Buffer } | undefined;
        if (!row)
          throw new Error(`The transparency log has no node at level ${level}, index ${index}.`);
        return row.hash;
      },
    };
    this.appendTx = this.db.transaction((entries: readonly LogEntry[]): number => {
      let { size, lastPosition } = this.tail();
      for (const e of entries) {
        if (lastPosition !== undefined && e.position <= lastPosition) continue;
        this.statements.insertLeaf.run(
          size,
          e.position,
          e.eventId,
          e.streamId,
          e.revision,
          e.recordedAt,
          e.contentHash,
        );
        for (const n of nodesCompletedBy(this.nodes, size, leafHash(entryLeaf(e))))
          this.statements.insertNode.run(n.level, n.index, n.hash);
        size += 1;
        lastPosition = e.position;
      }
      return size;
    });
  }

  /** How many leaves, and the global position of the last one logged. */
  tail(): { size: number; lastPosition: bigint | undefined } {
    const row = this.statements.last.get() as { idx: bigint; position: bigint } | undefined;
    return row
      ? { size: Number(row.idx) + 1, lastPosition: row.position }
      : { size: 0, lastPosition: undefined };
  }

  /** Appends entries in commit order, in one write transaction; returns the new size. */
  append(entries: readonly LogEntry[]): number {
    return this.appendTx.immediate(entries);
  }

  /** Leaves from `fromIndex`, at most `limit`, in log order. */
  entries(fromIndex: number, limit: number): LogEntry[] {
    return (this.statements.leaves.all(fromIndex, limit) as LeafRow[]).map((r) => ({
      position: r.position,
      eventId: r.event_id,
      streamId: r.stream_id,
      revision: r.revision,
      recordedAt: r.recorded_at,
      contentHash: r.content_hash,
    }));
  }

  root(size: number): Hash {
    return treeRoot(this.nodes, size);
  }

  inclusionProof(index: number, size: number): Hash[] {
    return inclusionProof(this.nodes, index, size);
  }

  consistencyProof(first: number, second: number): Hash[] {
    return consistencyProof(this.nodes, first, second);
  }

  addTreeHead(head: SignedTreeHead): void {
    this.statements.insertHead.run(
      head.treeSize,
      head.timestamp,
      head.rootHash,
      head.keyId,
      head.signature,
    );
  }

  /** Every signed tree head kept here, smallest (then oldest) first. */
  treeHeads(): SignedTreeHead[] {
    return (this.statements.heads.all() as HeadRow[]).map(toHead);
  }

  latestTreeHead(): SignedTreeHead | undefined {
    const row = this.statements.latestHead.get() as HeadRow | undefined;
    return row && toHead(row);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

const toHead = (r: HeadRow): SignedTreeHead => ({
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash,
  timestamp: r.timestamp,
  keyId: r.key_id,
  signature: r.signature,
});
