/**
 * Keeps the transparency log (libs/transparency-log) in step with the event store: every event,
 * with its recorded time and global position, becomes one leaf, in commit order.
 *
 * It follows the store's global feed from the log's own last position, like a checkpointed
 * projection, rather than writing inside the store's append: the EventStoreDB adapter cannot
 * write into another file in the server's transaction, and a follower needs no second code path.
 * A crash cannot break it: each batch of leaves, and with it the checkpoint (the log's last
 * position), is one SQLite transaction, so a restart logs on from exactly where it stopped; and
 * since a leaf is a function of the stored event, logging an event again after a lost batch
 * gives the same leaf. What it cannot do is vouch for an event altered in the moments between
 * its append and its logging.
 */
import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import {
  LogEntry,
  signTreeHead,
  SignedTreeHead,
  SqliteTransparencyLog,
  TreeHeadSigner,
} from '@app/transparency-log';
import { canonicalJson } from './hash-chain';

/** An event's content (type, data, metadata with its per-stream hashes) as one hash. */
export const contentHash = (event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): string =>
  createHash('sha256')
    .update(canonicalJson({ type: event.type, data: event.data, metadata: event.metadata }))
    .digest('hex');

export const logEntryOf = (event: RecordedEvent): LogEntry => ({
  position: event.position,
  eventId: event.id,
  streamId: event.streamId,
  revision: event.revision,
  recordedAt: event.recordedAt,
  contentHash: contentHash(event),
});

const BATCH = 1000;

/** Logs every stored event after the log's last position; returns the log's size. */
export async function catchUpLog(store: EventStore, log: SqliteTransparencyLog): Promise<number> {
  let pending: LogEntry[] = [];
  for await (const event of store.readAll({ after: log.tail().lastPosition })) {
    pending.push(logEntryOf(event));
    if (pending.length >= BATCH) {
      log.append(pending);
      pending = [];
    }
  }
  return pending.length ? log.append(pending) : log.tail().size;
}

/** Follows the global feed live, logging each event as it commits. */
export class TransparencyLogFollower {
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly log: SqliteTransparencyLog,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const subscription = this.store.subscribeToAll({ after: this.log.tail().lastPosition });
        this.subscription = subscription;
        if (this.stopped) await subscription.close();
        let live = false;
        let pending: LogEntry[] = [];
        // Live, the events of one turn of the event loop (a group commit's, a page of the feed)
        // are logged together, in one transaction, when it ends: one per event made every
        // command pay a log transaction on the main thread. A batch that fails ends the
        // subscription, and the next one starts after the log's last leaf, so nothing is skipped.
        let flushing: NodeJS.Immediate | undefined;
        let failed: { error: unknown } | undefined;
        const flush = () => {
          flushing = undefined;
          if (!pending.length || failed) return;
          const batch = pending;
          pending = [];
          try {
            this.log.append(batch);
          } catch (error) {
            failed = { error };
            void subscription.close();
          }
        };
        for await (const message of subscription) {
          if (message.kind === 'caught-up') live = true;
          else pending.push(logEntryOf(message.event));
          if (pending.length >= BATCH) flush();
          else if (live && pending.length && !flushing) flushing = setImmediate(flush);
        }
        if (flushing) clearImmediate(flushing);
        flush();
        if (failed) throw failed.error;
      } catch (error) {
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  }
}

/** Signs tree heads over the log: on demand, and at intervals when the log has grown. */
export class TreeHeads {
  constructor(
    private readonly store: EventStore,
    private readonly log: SqliteTransparencyLog,
    private readonly signer: TreeHeadSigner,
    private readonly clock: () => Date,
  ) {}

  /** Logs whatever the store holds that the log does not yet, then signs the log's head. */
  async sign(): Promise<SignedTreeHead> {
    await catchUpLog(this.store, this.log);
    return this.signLogged();
  }

  /**
   * At intervals: a new head over what the follower has logged, only when that grew since the
   * last head (or there is none yet, so even an empty log has a signed head to be held to).
   */
  async signIfGrown(): Promise<SignedTreeHead | undefined> {
    const latest = this.log.latestTreeHead();
    if (latest && latest.treeSize === this.log.tail().size) return undefined;
    return this.signLogged();
  }

  private async signLogged(): Promise<SignedTreeHead> {
    const { size: treeSize } = this.log.tail();
    const head = await signTreeHead(this.signer, {
      treeSize,
      rootHash: this.log.root(treeSize).toString('hex'),
      timestamp: this.clock().toISOString(),
    });
    this.log.addTreeHead(head);
    return head;
  }

  /** Everything an auditor needs to keep a copy elsewhere and check it later. */
  exported(): { publicKey: string; keyId: string; treeHeads: SignedTreeHead[] } {
    return {
      publicKey: this.signer.publicKeyPem,
      keyId: this.signer.keyId,
      treeHeads: this.log.treeHeads(),
    };
  }
}
