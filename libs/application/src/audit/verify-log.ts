/**
 * `audit:verify`: checks the event store against the transparency log and the log against its
 * signed tree heads, in one pass over the global feed (O(n) time; the tree's hashes, 32 bytes a
 * leaf, and one entry per stream in memory).
 *
 * - Every signed head's signature is checked with the public key.
 * - The tree rebuilt from the logged leaves must reproduce every head's root at its size (RFC 9162
 *   §2.1.1), and the latest head must be consistent with the whole log (a consistency proof,
 *   §2.1.4); a later head whose tree does not extend an earlier one is named too. Rebuilding the
 *   root from every leaf is an inclusion check of every leaf at once, without n audit paths.
 * - Every stored event must be the logged leaf at its position: same id, stream, revision, recorded
 *   time and content. What differs, is missing, moved or was never logged is named.
 * - The per-stream hash chains are walked in the same pass (verify-chain.ts).
 */
import type { EventStore, RecordedEvent } from '@app/event-store';
import {
  consistencyProof,
  entryLeaf,
  HASH_SIZE,
  leafHash,
  LogEntry,
  SignedTreeHead,
  SqliteTransparencyLog,
  TreeLevels,
  treeHeadSignatureHolds,
  verifyConsistency,
} from '@app/transparency-log';
import { contentHash } from './transparency-log';
import { BrokenLink, ChainWalker } from './verify-chain';

export type FindingKind =
  | 'content-altered'
  | 'recorded-time-altered'
  | 'stream-or-revision-altered'
  | 'event-deleted'
  | 'stream-deleted'
  | 'event-moved'
  | 'event-not-in-log'
  | 'tree-head-signature-invalid'
  | 'tree-head-missing-from-log'
  | 'log-differs-from-tree-head'
  | 'log-shorter-than-tree-head'
  | 'tree-heads-inconsistent'
  | 'no-signed-tree-head'
  | 'signatures-unchecked';

export interface Finding {
  kind: FindingKind;
  /** What was found, in words an auditor can act on. */
  detail: string;
  streamId?: string;
  revision?: string;
  eventId?: string;
  position?: string;
  treeSize?: number;
  timestamp?: string;
}

export interface AuditReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The first broken link of each stream's hash chain. */
  brokenLinks: BrokenLink[];
  log: {
    treeSize: number;
    signedTreeHeads: number;
    latestSignedTreeHead: SignedTreeHead | undefined;
    /** Logged events no signed head covers yet: protected by the log alone until the next head. */
    leavesAfterLatestSignedTreeHead: number;
    /** Stored events after the log's end (logging lags the store by moments): not yet checked. */
    eventsNotYetLogged: number;
  };
  findings: Finding[];
}

export interface VerifyAuditOptions {
  /** The signing key's public half (PEM); without it signatures cannot be checked (a finding). */
  publicKeyPem?: string;
  /** Heads kept elsewhere (exported earlier): each must also hold against this log. */
  publishedTreeHeads?: readonly SignedTreeHead[];
}

const PAGE = 10_000;
const rev = (r: bigint) => r.toString();

export async function verifyAudit(
  store: EventStore,
  log: Pick<SqliteTransparencyLog, 'tail' | 'entries' | 'treeHeads'>,
  options: VerifyAuditOptions = {},
): Promise<AuditReport> {
  const findings: Finding[] = [];
  const chains = new ChainWalker();
  const { size: treeSize, lastPosition } = log.tail();
  const leaves = Buffer.allocUnsafe(treeSize * HASH_SIZE);

  // The log, read page by page alongside the store, each leaf hashed as it is read.
  let page: LogEntry[] = [];
  let pageAt = 0;
  let logIndex = 0;
  const peek = (): LogEntry | undefined => {
    if (pageAt === page.length && logIndex < treeSize) {
      page = log.entries(logIndex, Math.min(PAGE, treeSize - logIndex));
      pageAt = 0;
      for (let i = 0; i < page.length; i += 1)
        leafHash(entryLeaf(page[i])).copy(leaves, (logIndex + i) * HASH_SIZE);
    }
    return page[pageAt];
  };
  const take = () => {
    pageAt += 1;
    logIndex += 1;
  };

  const unlogged = new Map<string, RecordedEvent>(); // stored, not at its logged place, by id
  const unstored = new Map<string, LogEntry>(); // logged, not at its stored place, by id
  const streamHeads = new Map<string, bigint>(); // each stored stream's last revision
  let eventsNotYetLogged = 0;

  for await (const event of store.readAll()) {
    chains.visit(event);
    const before = streamHeads.get(event.streamId);
    if (before === undefined || event.revision > before)
      streamHeads.set(event.streamId, event.revision);
    let entry = peek();
    while (entry && entry.position < event.position) {
      unstored.set(entry.eventId, entry);
      take();
      entry = peek();
    }
    if (entry && entry.position === event.position) {
      take();
      if (entry.eventId !== event.id) {
        unstored.set(entry.eventId, entry);
        unlogged.set(event.id, event);
      } else compareWithLeaf(event, entry, findings);
    } else if (lastPosition !== undefined && event.position < lastPosition)
      unlogged.set(event.id, event);
    else eventsNotYetLogged += 1;
  }
  for (let entry = peek(); entry; entry = peek()) {
    unstored.set(entry.eventId, entry);
    take();
  }
  namePlaces(unlogged, unstored, streamHeads, findings);

  const tree = new TreeLevels(leaves);
  const heads = checkTreeHeads(tree, log.treeHeads(), options, findings);
  const latest = heads.at(-1);
  const chainReport = chains.report();
  return {
    ok: findings.length === 0 && chainReport.brokenLinks.length === 0,
    eventsChecked: chainReport.eventsChecked,
    streamsChecked: chainReport.streamsChecked,
    brokenLinks: chainReport.brokenLinks,
    log: {
      treeSize,
      signedTreeHeads: heads.length,
      latestSignedTreeHead: latest,
      leavesAfterLatestSignedTreeHead: treeSize - Math.min(latest?.treeSize ?? 0, treeSize),
      eventsNotYetLogged,
    },
    findings,
  };
}

const where = (e: { streamId: string; revision: bigint; position: bigint }) =>
  `${e.streamId} revision ${e.revision} (position ${e.position})`;

function compareWithLeaf(event: RecordedEvent, entry: LogEntry, findings: Finding[]): void {
  const at = {
    streamId: entry.streamId,
    revision: rev(entry.revision),
    eventId: entry.eventId,
    position: entry.position.toString(),
  };
  if (event.streamId !== entry.streamId || event.revision !== entry.revision)
    findings.push({
      kind: 'stream-or-revision-altered',
      ...at,
      detail: `The event logged as ${where(entry)} is now stored as ${event.streamId} revision ${event.revision}.`,
    });
  if (event.recordedAt !== entry.recordedAt)
    findings.push({
      kind: 'recorded-time-altered',
      ...at,
      detail: `${where(entry)} was recorded at ${entry.recordedAt}; the store now says ${event.recordedAt}, so what was known by a date has been changed.`,
    });
  if (contentHash(event) !== entry.contentHash)
    findings.push({
      kind: 'content-altered',
      ...at,
      detail: `The ${event.type} at ${where(entry)} is not what was logged: its type, data or metadata were changed after it was recorded.`,
    });
}

/** Pairs what is out of place: logged and stored elsewhere (moved), logged only (deleted), stored only. */
function namePlaces(
  unlogged: Map<string, RecordedEvent>,
  unstored: Map<string, LogEntry>,
  streamHeads: Map<string, bigint>,
  findings: Finding[],
): void {
  const deletedByStream = new Map<string, LogEntry[]>();
  for (const [id, entry] of unstored) {
    const stored = unlogged.get(id);
    if (stored) {
      unlogged.delete(id);
      findings.push({
        kind: 'event-moved',
        streamId: entry.streamId,
        revision: rev(entry.revision),
        eventId: id,
        position: entry.position.toString(),
        detail: `${where(entry)} is now stored at position ${stored.position}: the order of events in the global feed (and of a family's history) was changed.`,
      });
    } else {
      const list = deletedByStream.get(entry.streamId) ?? [];
      list.push(entry);
      deletedByStream.set(entry.streamId, list);
    }
  }
  for (const [streamId, entries] of deletedByStream) {
    const head = streamHeads.get(streamId);
    if (head === undefined) {
      findings.push({
        kind: 'stream-deleted',
        streamId,
        detail: `The whole stream ${streamId} (${entries.length} logged event${entries.length === 1 ? '' : 's'}, revisions ${entries[0].revision} to ${entries.at(-1)?.revision}) is missing from the store.`,
      });
      continue;
    }
    for (const entry of entries)
      findings.push({
        kind: 'event-deleted',
        streamId,
        revision: rev(entry.revision),
        eventId: entry.eventId,
        position: entry.position.toString(),
        detail: `${where(entry)} was logged but is missing from the store${entry.revision > head ? ' (it was the last event of its stream)' : ''}.`,
      });
  }
  for (const event of unlogged.values())
    findings.push({
      kind: 'event-not-in-log',
      streamId: event.streamId,
      revision: rev(event.revision),
      eventId: event.id,
      position: event.position.toString(),
      detail: `${where(event)} is stored among logged events but was never logged: it was inserted into the store afterwards.`,
    });
}

/** Checks the heads; returns those whose signatures hold, smallest first. */
function checkTreeHeads(
  tree: TreeLevels,
  stored: readonly SignedTreeHead[],
  options: VerifyAuditOptions,
  findings: Finding[],
): SignedTreeHead[] {
  const key = (h: SignedTreeHead) => `${h.treeSize}/${h.timestamp}/${h.rootHash}`;
  const storedKeys = new Set(stored.map(key));
  const all = new Map(stored.map((h) => [key(h), h]));
  for (const h of options.publishedTreeHeads ?? []) {
    if (!storedKeys.has(key(h)))
      findings.push({
        kind: 'tree-head-missing-from-log',
        treeSize: h.treeSize,
        timestamp: h.timestamp,
        detail: `The tree head of ${h.treeSize} events signed at ${h.timestamp}, kept elsewhere, is no longer among the log's tree heads.`,
      });
    all.set(key(h), h);
  }
  const heads = [...all.values()].sort(
    (a, b) => a.treeSize - b.treeSize || a.timestamp.localeCompare(b.timestamp),
  );
  const { publicKeyPem } = options;
  if (!publicKeyPem && heads.length)
    findings.push({
      kind: 'signatures-unchecked',
      detail: 'No public key was given, so the tree heads could not be checked.',
    });
  const valid = heads.filter((h) => {
    if (!publicKeyPem || treeHeadSignatureHolds(h, publicKeyPem)) return true;
    findings.push({
      kind: 'tree-head-signature-invalid',
      treeSize: h.treeSize,
      timestamp: h.timestamp,
      detail: `The tree head of ${h.treeSize} events dated ${h.timestamp} is not signed by the log's key: it was forged or altered.`,
    });
    return false;
  });
  if (tree.size > 0 && valid.length === 0)
    findings.push({
      kind: 'no-signed-tree-head',
      detail: `The log holds ${tree.size} events but no signed tree head: nothing vouches for it.`,
    });
  const matches = new Map<SignedTreeHead, boolean>();
  for (const h of valid) {
    if (h.treeSize > tree.size) {
      findings.push({
        kind: 'log-shorter-than-tree-head',
        treeSize: h.treeSize,
        timestamp: h.timestamp,
        detail: `A tree head signed at ${h.timestamp} covers ${h.treeSize} events but the log now holds ${tree.size}: logged events were removed.`,
      });
      continue;
    }
    const holds = tree.root(h.treeSize).toString('hex') === h.rootHash;
    matches.set(h, holds);
    if (!holds)
      findings.push({
        kind: 'log-differs-from-tree-head',
        treeSize: h.treeSize,
        timestamp: h.timestamp,
        detail: `The log's first ${h.treeSize} events no longer hash to the root signed at ${h.timestamp}: logged events were altered, removed or reordered in the log itself.`,
      });
  }
  // A later head whose tree the log reproduces must extend every earlier one (RFC 9162 §2.1.4):
  // if not, someone with the signing key signed a rewritten log.
  const reproduced = valid.filter((h) => matches.get(h));
  const newest = reproduced.at(-1);
  if (newest)
    for (const earlier of valid) {
      if (earlier.treeSize > newest.treeSize || earlier === newest) continue;
      const proof = consistencyProof(tree, earlier.treeSize, newest.treeSize);
      const consistent = verifyConsistency(
        earlier.treeSize,
        newest.treeSize,
        Buffer.from(earlier.rootHash, 'hex'),
        Buffer.from(newest.rootHash, 'hex'),
        proof,
      );
      if (!consistent)
        findings.push({
          kind: 'tree-heads-inconsistent',
          treeSize: earlier.treeSize,
          timestamp: earlier.timestamp,
          detail: `The tree head of ${newest.treeSize} events signed at ${newest.timestamp} does not extend the one of ${earlier.treeSize} events signed at ${earlier.timestamp}: the log was rewritten and signed again with the signing key.`,
        });
    }
  return valid;
}
