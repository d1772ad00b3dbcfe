/**
 * Who looked (issue 6, item 4): every read of a family's history, a pupil's state as of a date or
 * an evidence pack is itself recorded, with who, in what role, when, which family or pupil and the
 * purpose they stated, in one append-only stream that only auditors can query. The stream is
 * hash-chained like every other (hash-chain.ts), so `audit:verify` covers it too.
 *
 * Callers record after authorisation succeeded and before returning data: a refused read records
 * nothing, and no data leaves without a record.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  EventStore,
  NewEvent,
  RecordedEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { timeOrderedUuid } from '../commands/event-ids';
import type { Principal } from '../auth/roles';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { eventHash, GENESIS } from './hash-chain';

export const ACCESS_LOG_STREAM = 'audit-access-log';
export const SENSITIVE_DATA_READ = 'SensitiveDataRead';

export const SENSITIVE_READ_KINDS = [
  'family-history',
  'pupil-state-as-of',
  'evidence-pack',
  'case-file',
  'event-feed',
  'letter',
  'subject-access',
] as const;
export type SensitiveReadKind = (typeof SENSITIVE_READ_KINDS)[number];

export interface SensitiveRead {
  kind: SensitiveReadKind;
  familyId?: string;
  pupilId?: string;
  purpose: string;
  /** Ids and parameters of the read (format, the date asked about); never personal data. */
  details?: Record<string, string>;
}

/** One access record as auditors read it back. */
export interface AccessRecord {
  /** The record's revision in the access-log stream: its sequence number. */
  sequence: string;
  userId: string;
  role: string;
  /** When the read happened (the application clock). */
  at: string;
  kind: SensitiveReadKind;
  familyId?: string;
  pupilId?: string;
  purpose: string;
  details?: Record<string, string>;
  correlationId?: string;
}

/** A sensitive read without a usable purpose (HTTP 400). */
export class PurposeRequired extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurposeRequired';
  }
}

export const PURPOSE_MIN_LENGTH = 10;
export const PURPOSE_MAX_LENGTH = 500;

/** Validates a purpose string from a query parameter (trimmed, 10..500 characters). */
export function requirePurpose(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
    throw new PurposeRequired(
      'State why you need this record: add ?purpose=… (for example "panel hearing 12 March, case review").',
    );
  if (typeof value !== 'string') throw new PurposeRequired('purpose must be given once, as text.');
  const purpose = value.trim();
  if (purpose.length < PURPOSE_MIN_LENGTH || purpose.length > PURPOSE_MAX_LENGTH)
    throw new PurposeRequired(
      `purpose must be ${PURPOSE_MIN_LENGTH} to ${PURPOSE_MAX_LENGTH} characters saying why you need this record (it was ${purpose.length}).`,
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(purpose))
    throw new PurposeRequired('purpose must be plain text on one line.');
  return purpose;
}

export interface AccessLogFilter {
  userId?: string;
  familyId?: string;
  pupilId?: string;
  kind?: SensitiveReadKind;
  /** Inclusive bounds on when the read happened. */
  from?: Date;
  to?: Date;
}

export interface AccessLogPage {
  records: AccessRecord[];
  order: 'newest-first' | 'oldest-first';
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** Conflicting appends re-read the last record and try again, this many times in all. */
const MAX_ATTEMPTS = 20;

@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends one record (who, role, when, what, purpose). Throws PurposeRequired if purpose is missing/blank/too short. */
  async record(principal: Principal, read: SensitiveRead, correlationId?: string): Promise<void> {
    const purpose = requirePurpose(read.purpose);
    if (!SENSITIVE_READ_KINDS.includes(read.kind))
      throw new Error(`Unknown sensitive read kind ${String(read.kind)}`);
    const data = {
      kind: read.kind,
      ...(read.familyId !== undefined ? { familyId: read.familyId } : {}),
      ...(read.pupilId !== undefined ? { pupilId: read.pupilId } : {}),
      purpose,
      ...(read.details && Object.keys(read.details).length ? { details: { ...read.details } } : {}),
    };
    const metadata = {
      actor: principal.userId,
      role: principal.role,
      correlationId: correlationId ?? 'none',
      causationId: correlationId ?? 'none',
      occurredAt: this.clock().toISOString(),
    };
    // Time-ordered, as every event id (event-ids.ts): appends land at the end of the id index.
    const id = timeOrderedUuid();
    for (let attempt = 1; ; attempt += 1) {
      const last = await this.last();
      const revision = last ? last.revision + 1n : 0n;
      const previousHash = typeof last?.metadata.hash === 'string' ? last.metadata.hash : GENESIS;
      const hash = eventHash(previousHash, {
        streamId: ACCESS_LOG_STREAM,
        revision,
        type: SENSITIVE_DATA_READ,
        data,
        metadata,
      });
      const event: NewEvent = {
        id,
        type: SENSITIVE_DATA_READ,
        data,
        metadata: { ...metadata, previousHash, hash },
      };
      try {
        await this.store.appendToStream(ACCESS_LOG_STREAM, [event], {
          expectedRevision: last ? last.revision : 'no_stream',
        });
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * Access records matching the filter, newest first unless `order` says otherwise, `limit` at a
   * time. The cursor is the sequence number to continue from.
   */
  async query(
    filter: AccessLogFilter,
    page: { cursor?: bigint; limit: number; order?: 'newest-first' | 'oldest-first' },
  ): Promise<AccessLogPage> {
    const order = page.order ?? 'newest-first';
    const backwards = order === 'newest-first';
    const records: AccessRecord[] = [];
    let nextCursor: string | undefined;
    try {
      for await (const event of this.store.readStream(ACCESS_LOG_STREAM, {
        direction: backwards ? 'backwards' : 'forwards',
        ...(page.cursor !== undefined ? { fromRevision: page.cursor } : {}),
      })) {
        const record = toAccessRecord(event);
        if (!matches(record, filter)) continue;
        if (records.length === page.limit) {
          nextCursor = record.sequence;
          break;
        }
        records.push(record);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { records, order, ...(nextCursor !== undefined ? { nextCursor } : {}) };
  }

  private async last(): Promise<RecordedEvent | undefined> {
    try {
      for await (const event of this.store.readStream(ACCESS_LOG_STREAM, {
        direction: 'backwards',
        maxCount: 1,
      }))
        return event;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }
}

function toAccessRecord(event: RecordedEvent): AccessRecord {
  const data = event.data as Omit<AccessRecord, 'sequence' | 'userId' | 'role' | 'at'>;
  return {
    sequence: event.revision.toString(),
    userId: String(event.metadata.actor),
    role: String(event.metadata.role),
    at: String(event.metadata.occurredAt),
    kind: data.kind,
    ...(data.familyId !== undefined ? { familyId: data.familyId } : {}),
    ...(data.pupilId !== undefined ? { pupilId: data.pupilId } : {}),
    purpose: data.purpose,
    ...(data.details ? { details: data.details } : {}),
    ...(event.metadata.correlationId !== 'none'
      ? { correlationId: String(event.metadata.correlationId) }
      : {}),
  };
}

/** Whether an access record meets every given filter. */
export function matches(record: AccessRecord, filter: AccessLogFilter): boolean {
  if (filter.userId !== undefined && record.userId !== filter.userId) return false;
  if (filter.familyId !== undefined && record.familyId !== filter.familyId) return false;
  if (filter.pupilId !== undefined && record.pupilId !== filter.pupilId) return false;
  if (filter.kind !== undefined && record.kind !== filter.kind) return false;
  const at = Date.parse(record.at);
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at > filter.to.getTime()) return false;
  return true;
}
