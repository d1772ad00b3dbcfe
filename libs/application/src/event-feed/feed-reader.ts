/**
 * Reads the event feed for one principal, in feed order, after a cursor. A role that sees every
 * pupil reads the whole feed; a role bounded by schools reads each of its schools' index (and the
 * cases allocated to it) and merges them in feed order; any other scope reads the whole feed and
 * filters it, a bounded number of entries per call, so a page may be short (even empty) with a
 * cursor to go on from. Every entry is checked against the access policy before it is returned.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  cursorAfterId,
  DocumentStore,
  eventFeedProjection,
  FEED_ENTRIES,
  FeedEntry,
  ProjectionReader,
  QueryOptions,
} from '@app/read-models';
import type { Principal } from '../auth/roles';
import { DOCUMENT_STORE } from '../tokens';
import { maySee, seesEveryPupil } from './feed-access';

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;
/** The most entries one call reads to fill a page for a scope with no index of its own. */
const SCAN_BUDGET = 5_000;
const SCAN_PAGE = 1_000;

export interface FeedPage {
  entries: FeedEntry[];
  /** Pass as `after` next time: the last entry read (returned or passed over), or the cursor given. */
  cursor: string | null;
  /** True when the feed held nothing more for this principal when it was read. */
  caughtUp: boolean;
}

@Injectable()
export class FeedReader {
  private readonly reader: ProjectionReader;

  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore) {
    this.reader = new ProjectionReader(documents, eventFeedProjection);
  }

  async page(principal: Principal, after: string | null, limit: number): Promise<FeedPage> {
    if (seesEveryPupil(principal)) return this.scan(principal, after, limit, Infinity);
    if (principal.schoolIds.length > 0) return this.indexed(principal, after, limit);
    return this.scan(principal, after, limit, SCAN_BUDGET);
  }

  private async scan(
    principal: Principal,
    after: string | null,
    limit: number,
    budget: number,
  ): Promise<FeedPage> {
    const entries: FeedEntry[] = [];
    let cursor = after;
    let scanned = 0;
    for (;;) {
      const wanted = Math.min(budget === Infinity ? limit : SCAN_PAGE, budget - scanned);
      const page = await this.reader.query(FEED_ENTRIES, this.after(cursor, wanted));
      for (const entry of page.items) {
        scanned += 1;
        if (maySee(principal, entry)) entries.push(entry);
        cursor = entry.seq;
        if (entries.length === limit) return { entries, cursor, caughtUp: false };
      }
      if (!page.nextCursor) return { entries, cursor, caughtUp: true };
      if (scanned >= budget) return { entries, cursor, caughtUp: false };
    }
  }

  /** Each school's index (and the allocated cases'), merged in feed order, duplicates dropped. */
  private async indexed(
    principal: Principal,
    after: string | null,
    limit: number,
  ): Promise<FeedPage> {
    const indexes = [
      ...principal.schoolIds.map((value) => ({ field: 'scope.schoolIds', value })),
      { field: 'scope.leadPractitionerId', value: principal.userId },
    ];
    const pages = await Promise.all(
      indexes.map((index) =>
        this.reader.query(FEED_ENTRIES, { ...this.after(after, limit), index }),
      ),
    );
    // An index with more to come bounds how far the merged page may go without missing its entries.
    const bound = pages
      .filter((p) => p.nextCursor)
      .map((p) => p.items[p.items.length - 1].seq)
      .sort()[0];
    const merged = new Map<string, FeedEntry>();
    for (const page of pages)
      for (const entry of page.items)
        if ((bound === undefined || entry.seq <= bound) && maySee(principal, entry))
          merged.set(entry.seq, entry);
    const entries = [...merged.values()].sort((a, b) => (a.seq < b.seq ? -1 : 1)).slice(0, limit);
    const last = entries[entries.length - 1]?.seq;
    const caughtUp = bound === undefined && entries.length < limit;
    return { entries, cursor: last ?? (caughtUp ? after : (bound ?? after)), caughtUp };
  }

  private after(cursor: string | null, limit: number): QueryOptions {
    return { limit, ...(cursor === null ? {} : { cursor: cursorAfterId(cursor) }) };
  }
}
