/**
 * Webhook subscriptions and their delivery state, kept in the read models' store (SQLite, or Redis
 * when configured) beside the checkpoints: they are configuration an administrator manages, not
 * facts of a case, and each holds a secret that must not live in the append-only event store.
 *
 * Delivery progress is a checkpoint per subscription (the last entry delivered), moved only with
 * the value it was read at, so two deliverers racing (after a crash, on two workers) cannot both
 * move it: at least once, never skipped.
 *
 * Delivery jobs never write the subscription itself (only administrators do), so a job finishing
 * as an administrator deletes the subscription cannot bring it back: what a job writes is the
 * checkpoint, which job holds the subscription, and a dead letter. A subscription is suspended
 * while a dead letter of its current generation exists.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  CollectionDefinition,
  defineCollection,
  DocumentStore,
  FEED_SEQ_PATTERN,
} from '@app/read-models';
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
  /** Bumped on each replay, so the replayed delivery gets job ids (and a dead letter) of its own. */
  generation: number;
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

/** The delivery job that holds a subscription now (scheduled or running), if any. */
export interface DeliveryHold {
  jobId: string | null;
}

export const SUBSCRIPTIONS = defineCollection<Subscription>({ name: 'event-feed-subscriptions' });
export const DELIVERY_HOLDS = defineCollection<DeliveryHold>({
  name: 'event-feed-delivery-holds',
});
export const DEAD_LETTERS = defineCollection<DeadLetter>({
  name: 'event-feed-dead-letters',
  indexes: ['subscriptionId'],
});

const checkpointName = (subscriptionId: string) => `event-feed-delivery.${subscriptionId}`;

/** One dead letter per generation: the event that suspended it. */
export const deadLetterId = (s: Pick<Subscription, 'subscriptionId' | 'generation'>): string =>
  `${s.subscriptionId}-g${s.generation}`;

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

  all(): Promise<Subscription[]> {
    return this.everything(SUBSCRIPTIONS);
  }

  save(subscription: Subscription): Promise<void> {
    return this.documents.put(SUBSCRIPTIONS, subscription.subscriptionId, subscription);
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

  /** Whether an event of the subscription's current generation is dead-lettered. */
  async suspended(s: Subscription): Promise<boolean> {
    return (await this.documents.get(DEAD_LETTERS, deadLetterId(s))) !== undefined;
  }

  async heldBy(id: string): Promise<string | null> {
    return (await this.documents.get(DELIVERY_HOLDS, id))?.jobId ?? null;
  }

  hold(id: string, jobId: string): Promise<void> {
    return this.documents.put(DELIVERY_HOLDS, id, { jobId });
  }

  /** Lets go of the subscription, if this job still holds it. */
  async release(id: string, jobId: string): Promise<void> {
    if ((await this.heldBy(id)) === jobId)
      await this.documents.put(DELIVERY_HOLDS, id, { jobId: null });
  }

  /** The dead letters of subscriptions that still exist, oldest first. */
  async deadLetters(subscriptionId?: string): Promise<DeadLetter[]> {
    const letters = await this.everything(
      DEAD_LETTERS,
      subscriptionId ? { field: 'subscriptionId', value: subscriptionId } : undefined,
    );
    const existing = new Set((await this.all()).map((s) => s.subscriptionId));
    return letters
      .filter((l) => existing.has(l.subscriptionId))
      .sort((a, b) => a.deadLetteredAt.localeCompare(b.deadLetteredAt));
  }

  deadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.documents.get(DEAD_LETTERS, id);
  }

  /** Records the dead letter, which suspends the subscription. */
  putDeadLetter(letter: DeadLetter): Promise<void> {
    return this.documents.put(DEAD_LETTERS, letter.deadLetterId, letter);
  }

  /** Removes the dead letter and resumes the subscription from it, under a new generation. */
  async resume(subscription: Subscription, letter: DeadLetter): Promise<Subscription> {
    const resumed: Subscription = { ...subscription, generation: subscription.generation + 1 };
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
      tx.delete(DELIVERY_HOLDS, id);
      tx.delete(SUBSCRIPTIONS, id);
    });
  }

  private async everything<T extends object>(
    collection: CollectionDefinition<T>,
    index?: { field: string; value: string },
  ): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.documents.query(collection, { limit: 1000, cursor, index });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
}
