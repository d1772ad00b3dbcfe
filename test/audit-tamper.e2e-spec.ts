/**
 * Tamper evidence as an auditor meets it: a store built through the API, a tree head signed, then
 * each tampering done to a copy of its files with SQL, as someone with access to the database
 * (but not to the signing key) would; `npm run audit:verify` must exit 1 and name what it found.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import {
  ACCESS_LOG_STREAM,
  catchUpLog,
  eventHash,
  GENESIS,
  openTreeHeadSigner,
  loadConfig,
  TreeHeads,
} from '@app/application';
import { SqliteEventStore } from '@app/event-store';
import { SqliteTransparencyLog } from '@app/transparency-log';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

const PURPOSE = 'Subject access request, reference SAR-2026-7';

interface Report {
  ok: boolean;
  brokenLinks: unknown[];
  findings: { kind: string; detail: string; streamId?: string; revision?: string }[];
  log: { treeSize: number; signedTreeHeads: number };
}

describe('npm run audit:verify against a tampered store', () => {
  let t: TestApp;
  let pristine: string;
  let exportedHeads: string;
  const pupils: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let familyId: string;
  let signedSize: number;

  beforeAll(async () => {
    t = await startTestApp();
    const officer = await t.token('attendance-officer', 'officer-1');
    const auditor = await t.token('auditor', 'auditor-1');
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    familyId = (
      await request(t.http)
        .post('/families')
        .set(as(officer))
        .send({ reference: 'F-1' })
        .expect(201)
    ).body.familyId;
    for (const key of ['a', 'b', 'c'] as const) {
      pupils[key] = (await registerPupil(t.http, officer, `P-${key}`)).pupilId;
      for (const summary of ['Late most mornings', 'Missed Mondays', 'Anxious about PE'])
        await request(t.http)
          .post(`/pupils/${pupils[key]}/concerns`)
          .set(as(officer))
          .send({ summary })
          .expect(201);
    }
    for (const key of ['a', 'b'] as const)
      await request(t.http)
        .post(`/families/${familyId}/pupils`)
        .set(as(officer))
        .send({ pupilId: pupils[key] })
        .expect(200);
    for (let read = 0; read < 2; read += 1)
      await request(t.http)
        .get(`/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}`)
        .set(as(auditor))
        .expect(200);
    const head = await request(t.http).post('/audit/tree-heads').set(as(auditor)).expect(201);
    signedSize = head.body.treeSize;
    expect(signedSize).toBe((await t.allEvents()).length);
    const exported = await request(t.http).get('/audit/tree-heads').set(as(auditor)).expect(200);
    // Stop the app so its files are complete and still, then keep them as the untouched original.
    await t.app.close();
    pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'tamper-pristine-'));
    fs.cpSync(t.config.dataDir, pristine, { recursive: true });
    exportedHeads = path.join(pristine, '..', `${path.basename(pristine)}-heads.json`);
    fs.writeFileSync(exportedHeads, JSON.stringify(exported.body));
  });

  const copies: string[] = [];
  afterAll(() => {
    for (const dir of [t.config.dataDir, pristine, exportedHeads, ...copies])
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the signed store, tampered with by `sql` (run against events.db). */
  const tampered = (tamper: (events: Database.Database, dataDir: string) => void): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tamper-case-'));
    copies.push(dir);
    fs.cpSync(pristine, dir, { recursive: true });
    const db = new Database(path.join(dir, 'events.db'));
    try {
      tamper(db, dir);
    } finally {
      db.close();
    }
    return dir;
  };

  const verify = (dataDir: string, ...args: string[]) => {
    const run = spawnSync('npm', ['run', '--silent', 'audit:verify', '--', ...args], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, DATA_DIR: dataDir, TREE_HEAD_KEY_FILE: '' },
      encoding: 'utf8',
    });
    if (run.status === 2 || !run.stdout) throw new Error(`audit:verify failed: ${run.stderr}`);
    return { status: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
  };

  const lastRevision = (db: Database.Database, streamId: string): number =>
    (
      db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?').get(streamId) as {
        r: number;
      }
    ).r;

  it('exits 0 on the untouched store, every event logged under the signed head', () => {
    const { status, report } = verify(tampered(() => undefined));
    expect(report.findings).toEqual([]);
    expect(report.brokenLinks).toEqual([]);
    expect(report.log).toMatchObject({ treeSize: signedSize });
    expect(status).toBe(0);
  });

  it("names an event whose recorded time was altered (the 'known by' view changed)", () => {
    const dir = tampered((db) =>
      db
        .prepare('UPDATE events SET recorded_at = ? WHERE stream_id = ? AND revision = 1')
        .run('2020-01-01T00:00:00.000Z', `pupil-${pupils.a}`),
    );
    const { status, report, stderr } = verify(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'recorded-time-altered',
        streamId: `pupil-${pupils.a}`,
        revision: '1',
      }),
    ]);
    expect(stderr).toContain('recorded-time-altered');
    expect(status).toBe(1);
  });

  it('names the last event of a stream when it was deleted', () => {
    const streamId = `pupil-${pupils.a}`;
    let last = 0;
    const dir = tampered((db) => {
      last = lastRevision(db, streamId);
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(streamId, last);
    });
    const { status, report } = verify(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'event-deleted', streamId, revision: String(last) }),
    ]);
    expect(report.findings[0].detail).toContain('the last event of its stream');
    expect(status).toBe(1);
  });

  it('names a whole stream that was deleted', () => {
    const streamId = `pupil-${pupils.c}`;
    const { status, report } = verify(
      tampered((db) => db.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId)),
    );
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'stream-deleted', streamId }),
    ]);
    expect(status).toBe(1);
  });

  it("names both events when two global positions were swapped (a family's history reordered)", () => {
    const positionOf = (db: Database.Database, key: 'a' | 'b') =>
      (
        db
          .prepare('SELECT position FROM events WHERE stream_id = ? AND revision = 2')
          .get(`pupil-${pupils[key]}`) as { position: number }
      ).position;
    const dir = tampered((db) => {
      const [a, b] = [positionOf(db, 'a'), positionOf(db, 'b')];
      const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        move.run(-1, a);
        move.run(a, b);
        move.run(b, -1);
      })();
    });
    const { status, report } = verify(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'event-moved',
        streamId: `pupil-${pupils.a}`,
        revision: '2',
      }),
      expect.objectContaining({
        kind: 'event-moved',
        streamId: `pupil-${pupils.b}`,
        revision: '2',
      }),
    ]);
    expect(status).toBe(1);
  });

  it('names the latest access-log record when it was deleted', () => {
    let last = 0;
    const dir = tampered((db) => {
      last = lastRevision(db, ACCESS_LOG_STREAM);
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(
        ACCESS_LOG_STREAM,
        last,
      );
    });
    const { status, report } = verify(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'event-deleted',
        streamId: ACCESS_LOG_STREAM,
        revision: String(last),
      }),
    ]);
    expect(status).toBe(1);
  });

  /** Rewrites a concern's summary and recomputes the stream's hash chain, as anyone can (sha256, no key). */
  const rewriteWithChain = (db: Database.Database, streamId: string) => {
    const rows = db
      .prepare(
        'SELECT position, revision, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision',
      )
      .all(streamId) as {
      position: number;
      revision: number;
      type: string;
      data: string;
      metadata: string;
    }[];
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    let previousHash = GENESIS;
    for (const row of rows) {
      const data = JSON.parse(row.data);
      if (row.revision === 1) data.summary = 'No concerns';
      const { hash: _h, previousHash: _p, ...metadata } = JSON.parse(row.metadata);
      const hash = eventHash(previousHash, {
        streamId,
        revision: BigInt(row.revision),
        type: row.type,
        data,
        metadata,
      });
      update.run(
        JSON.stringify(data),
        JSON.stringify({ ...metadata, previousHash, hash }),
        row.position,
      );
      previousHash = hash;
    }
    return rows.length;
  };

  it('names every event of a stream rewritten with its hash chain recomputed', () => {
    const streamId = `pupil-${pupils.b}`;
    let events = 0;
    const { status, report } = verify(tampered((db) => (events = rewriteWithChain(db, streamId))));
    expect(report.brokenLinks).toEqual([]); // the chain alone cannot tell
    expect(report.findings).toEqual(
      Array.from({ length: events - 1 }, (_, i) =>
        expect.objectContaining({ kind: 'content-altered', streamId, revision: String(i + 1) }),
      ),
    );
    expect(status).toBe(1);
  });

  /** Rebuilds the transparency log from the tampered store, as someone covering their tracks would. */
  const relog = async (
    dir: string,
    options: { signWithTheKey: boolean; dropOldHeads: boolean },
  ) => {
    const file = path.join(dir, 'transparency-log.db');
    const db = new Database(file);
    db.exec(
      `DELETE FROM leaves; DELETE FROM nodes; ${options.dropOldHeads ? 'DELETE FROM tree_heads;' : ''}`,
    );
    db.close();
    const store = new SqliteEventStore({ file: path.join(dir, 'events.db') });
    const log = new SqliteTransparencyLog(file);
    await catchUpLog(store, log);
    if (options.signWithTheKey)
      await new TreeHeads(
        store,
        log,
        openTreeHeadSigner(loadConfig({ DATA_DIR: dir })),
        () => new Date(),
      ).sign();
    log.close();
    await store.close();
  };

  it('names the signed head the log no longer matches when the log was rebuilt to hide a rewrite', async () => {
    const dir = tampered((db) => rewriteWithChain(db, `pupil-${pupils.b}`));
    await relog(dir, { signWithTheKey: false, dropOldHeads: false });
    const { status, report } = verify(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'log-differs-from-tree-head', treeSize: signedSize }),
    ]);
    expect(status).toBe(1);
  });

  it('names the inconsistent heads when someone with the signing key rebuilt and re-signed the log', async () => {
    const dir = tampered((db) => rewriteWithChain(db, `pupil-${pupils.b}`));
    await relog(dir, { signWithTheKey: true, dropOldHeads: false });
    const { status, report } = verify(dir);
    expect(report.findings.map((f) => f.kind)).toContain('tree-heads-inconsistent');
    expect(status).toBe(1);
  });

  it('passes a rewrite re-signed with the key and its old heads deleted, unless given the heads kept elsewhere', async () => {
    const dir = tampered((db) => rewriteWithChain(db, `pupil-${pupils.b}`));
    await relog(dir, { signWithTheKey: true, dropOldHeads: true });
    expect(verify(dir).status).toBe(0); // what the README says is not detected
    const { status, report } = verify(dir, '--heads', exportedHeads);
    expect([...new Set(report.findings.map((f) => f.kind))].sort()).toEqual([
      'log-differs-from-tree-head',
      'tree-head-missing-from-log',
      'tree-heads-inconsistent',
    ]);
    expect(status).toBe(1);
  });
});
