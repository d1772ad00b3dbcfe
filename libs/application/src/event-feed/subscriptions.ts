/**
 * Webhook subscriptions and their delivery state, kept in the read models' store (SQLite, or Redis
 * when configured) beside the checkpoints: they are configuration an administrator manages, not
 * facts of a case, and each holds a secret that must not live in the append-only event store.
 *
 * Delivery progress is a checkpoint per subscription (the last entry delivered), moved only with
 * the value it was read at, so two deliverers racing (after a crash, on two workers) cannot both
 * move it: at least once, never skipped.
 */
import { Inject, Injectable } from '@nestjs/common';
import { defineCollection, DocumentStore, FEED_SEQ_PATTERN } from '@app/read-models';
import type { Role } from '../auth/roles';
import { DOCUMENT_STORE } from '../tokens';

export interface Subscription {
  subscriptionId: string;
  url: string;
  role: Role;
  /** The schools a school-scoped role receives (the `schools` claim a token would carry). */
  schoolIds: string[];
  /** The user a role scoped by allocation acts as (a link worker's lead-practitioner cases). */
  userId: string;
  secret: string;
  /** `suspended` once an event is dead-lettered: the events after it wait until it is replayed. */
  status: 'active' | 'suspended';
  /** Bumped on each replay, so the replayed delivery gets job ids of its own. */
  generation: number;
  /** The delivery job that holds the subscription now (scheduled or running), if any. */
  activeJob: string | null;
  createdAt: string;
  createdBy: string;
}

export interface DeadLetter {
  deadLetterId: string;
  subscriptionId: string;
  /** The public event's id, its place in the feed and its type: no personal data. */
  eventId: string;
  sequence: string;
  type: string;
  attempts: number;
  lastError: string;
  deadLetteredAt: string;
}

export const SUBSCRIPTIONS = defineCollection<Subscription>({ name: 'event-feed-subscriptions' });
export const DEAD_LETTERS = defineCollection<DeadLetter>({
  name: 'event-feed-dead-letters',
  indexes: ['subscriptionId'],
});

const checkpointName = (subscriptionId: string) => `event-feed-delivery.${subscriptionId}`;

/** Checkpoints are decimal strings: an entry `<position>-<index>` is kept as position x 10 + index. */
export const seqToCheckpoint = (seq: string): string =>
  (BigInt(seq.slice(0, 20)) * 10n + BigInt(seq.slice(21))).toString();
export function checkpointToSeq(value: string): string {
  const n = BigInt(value);
  const seq = `${(n / 10n).toString().padStart(20, '0')}-${n % 10n}`;
  if (!FEED_SEQ_PATTERN.test(seq)) throw new Error(`Checkpoint ${value} is not a feed position`);
  return seq;
}

@Injectable()
export class Subscriptions {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  get(id: string): Promise<Subscription | undefined> {
    return this.documents.get(SUBSCRIPTIONS, id);
  }

  async all(): Promise<Subscription[]> {
    const all: Subscription[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.documents.query(SUBSCRIPTIONS, { limit: 1000, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  save(subscription: Subscription): Promise<void> {
    return this.documents.put(SUBSCRIPTIONS, subscription.subscriptionId, subscription);
  }

  async update(
    id: string,
    change: (s: Subscription) => Subscription,
  ): Promise<Subscription | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const next = change(current);
    await this.save(next);
    return next;
  }

  delete(id: string): Promise<void> {
    return this.documents.delete(SUBSCRIPTIONS, id);
  }

  /** The last entry delivered (its feed sequence), or null before the first. */
  async delivered(id: string): Promise<string | null> {
    const value = await this.documents.getCheckpoint(checkpointName(id));
    return value === undefined ? null : checkpointToSeq(value);
  }

  /** Moves the delivered mark from `from` to `to`; refused (CheckpointConflictError) if it moved meanwhile. */
  async markDelivered(id: string, from: string | null, to: string): Promise<void> {
    await this.documents.transaction((tx) =>
      tx.setCheckpoint(checkpointName(id), seqToCheckpoint(to), {
        expected: from === null ? null : seqToCheckpoint(from),
      }),
    );
  }

  async deadLetters(subscriptionId?: string): Promise<DeadLetter[]> {
    const all: DeadLetter[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.documents.query(DEAD_LETTERS, {
        limit: 1000,
        cursor,
        ...(subscriptionId ? { index: { field: 'subscriptionId', value: subscriptionId } } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all.sort((a, b) => a.deadLetteredAt.localeCompare(b.deadLetteredAt));
  }

  deadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.documents.get(DEAD_LETTERS, id);
  }

  /** Records the dead letter and suspends the subscription in one write. */
  async suspendWith(subscription: Subscription, letter: DeadLetter): Promise<void> {
    await this.documents.transaction((tx) => {
      tx.put(DEAD_LETTERS, letter.deadLetterId, letter);
      tx.put(SUBSCRIPTIONS, subscription.subscriptionId, {
        ...subscription,
        status: 'suspended',
        activeJob: null,
      });
    });
  }

  /** Removes the dead letter and resumes the subscription from it, under a new generation. */
  async resume(subscription: Subscription, letter: DeadLetter): Promise<Subscription> {
    const resumed: Subscription = {
      ...subscription,
      status: 'active',
      generation: subscription.generation + 1,
      activeJob: null,
    };
    await this.documents.transaction((tx) => {
      tx.delete(DEAD_LETTERS, letter.deadLetterId);
      tx.put(SUBSCRIPTIONS, subscription.subscriptionId, resumed);
    });
    return resumed;
  }

  async removeWithDeadLetters(id: string): Promise<void> {
    const letters = await this.deadLetters(id);
    await this.documents.transaction((tx) => {
      for (const l of letters) tx.delete(DEAD_LETTERS, l.deadLetterId);
      tx.delete(SUBSCRIPTIONS, id);
    });
  }
}
