import { SqliteEventStore } from '@app/event-store';
import {
  KeyFileSigner,
  SqliteTransparencyLog,
  TreeLevels,
  entryLeaf,
  leafHash,
  treeHeadSignatureHolds,
  verifyInclusion,
} from '@app/transparency-log';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catchUpLog, logEntryOf, TransparencyLogFollower, TreeHeads } from './transparency-log';
import { verifyAudit } from './verify-log';

const metadata = {
  actor: 'u',
  role: 'link-worker',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2025-03-03T09:00:00Z',
};
let n = 0;
const note = () => ({
  id: `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`,
  type: 'NoteRecorded',
  data: { n },
  metadata,
});

describe('the transparency log kept beside an event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: SqliteTransparencyLog;
  const open = () => new SqliteTransparencyLog(path.join(dir, 'transparency-log.db'));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlog-'));
    store = new SqliteEventStore({ file: path.join(dir, 'events.db'), pollMs: 20 });
    log = open();
  });
  afterEach(async () => {
    log.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = async (streamId: string, count: number) => {
    for (let i = 0; i < count; i += 1)
      await store.appendToStream(streamId, [note()], { expectedRevision: 'any' });
  };
  const leaves = () => log.entries(0, 1_000_000);
  /** Waits (up to the test's timeout) for the follower to have logged `size` events. */
  const logged = async (size: number) => {
    while (log.tail().size < size) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('logs every event once, in commit order, across a restart of the follower and a second writer', async () => {
    await append('pupil-a', 5);
    const follower = new TransparencyLogFollower(store, log);
    follower.start();
    await append('pupil-b', 5);
    await catchUpLog(store, open()); // another process signing a head on demand
    await append('pupil-a', 3);
    await logged(13);
    await follower.stop();
    await append('pupil-c', 4);
    follower.start(); // restarted: resumes from the log's own last position
    await logged(17);
    await follower.stop();
    const stored = [];
    for await (const e of store.readAll()) stored.push(logEntryOf(e));
    expect(leaves()).toEqual(stored);
    expect(leaves()).toHaveLength(17);
  });

  const storedEntries = async () => {
    const stored = [];
    for await (const e of store.readAll()) stored.push(logEntryOf(e));
    return stored;
  };

  it('logs the events committed together in one write, not one write per event', async () => {
    await append('pupil-a', 1);
    const follower = new TransparencyLogFollower(store, log);
    const writes = jest.spyOn(log, 'append');
    follower.start();
    await logged(1);
    writes.mockClear();
    // one group commit: the appends asked for in the same turn of the event loop
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.appendToStream(`pupil-${i}`, [note()], { expectedRevision: 'any' }),
      ),
    );
    await logged(21);
    await follower.stop();
    expect(writes.mock.calls.length).toBeLessThan(5);
    expect(leaves()).toEqual(await storedEntries());
  });

  it('logs from its last leaf again after a write fails, so no event is skipped', async () => {
    const errors: unknown[] = [];
    const follower = new TransparencyLogFollower(store, log, (e) => errors.push(e));
    follower.start();
    await append('pupil-a', 2);
    await logged(2);
    jest.spyOn(log, 'append').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await append('pupil-b', 3);
    await append('pupil-a', 2);
    await logged(7);
    await follower.stop();
    expect(errors).toEqual([new Error('disk full')]);
    expect(leaves()).toEqual(await storedEntries());
  });

  it('keeps its stored nodes equal to the tree rebuilt from the leaves, so any root or audit path can be served from them', async () => {
    await append('pupil-a', 37);
    const size = await catchUpLog(store, log);
    const rebuilt = new TreeLevels(Buffer.concat(leaves().map((e) => leafHash(entryLeaf(e)))));
    for (const s of [1, 2, 3, 16, 17, 36, 37])
      expect(log.root(s).equals(rebuilt.root(s))).toBe(true);
    const entry = leaves()[21];
    expect(
      verifyInclusion(
        21,
        size,
        leafHash(entryLeaf(entry)),
        log.inclusionProof(21, size),
        log.root(size),
      ),
    ).toBe(true);
  });

  it('signs heads a verifier accepts with the public key, and refuses one altered after signing', async () => {
    const signer = KeyFileSigner.open(path.join(dir, 'keys', 'sth.pem'), { create: true });
    const heads = new TreeHeads(store, log, signer, () => new Date('2026-12-04T10:00:00Z'));
    await append('pupil-a', 3);
    const head = await heads.sign();
    expect(head).toMatchObject({
      treeSize: 3,
      timestamp: '2026-12-04T10:00:00.000Z',
      keyId: signer.keyId,
    });
    expect(treeHeadSignatureHolds(head, signer.publicKeyPem)).toBe(true);
    expect(treeHeadSignatureHolds({ ...head, treeSize: 2 }, signer.publicKeyPem)).toBe(false);
    expect(await heads.signIfGrown()).toBeUndefined();
    const report = await verifyAudit(store, log, {
      publicKeyPem: signer.publicKeyPem,
      publishedTreeHeads: [{ ...head, rootHash: '00'.repeat(32) }],
    });
    expect(report.findings.map((f) => f.kind)).toEqual([
      'tree-head-missing-from-log',
      'tree-head-signature-invalid',
    ]);
  });

  it('creates the signing key readable by its owner only, in a folder only its owner can enter, and never overwrites it', () => {
    const file = path.join(dir, 'keys', 'sth.pem');
    const first = KeyFileSigner.open(file, { create: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(KeyFileSigner.open(file, { create: true }).keyId).toBe(first.keyId);
    expect(() => KeyFileSigner.open(path.join(dir, 'none.pem'), { create: false })).toThrow(
      'TREE_HEAD_KEY_FILE',
    );
  });
});
