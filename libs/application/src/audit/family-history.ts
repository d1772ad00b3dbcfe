/**
 * A family's history (issue 6, item 1): every event of the family's stream and of its children's
 * streams, merged in the store's global order, each as a readable entry. Pure: recorded events in,
 * entries out; the query (family-history.query.ts) does the reading.
 */
import {
  dateOf,
  FamilyEvent,
  IsoDate,
  isPupilEventType,
  PupilEvent,
  pupilJourneyDecider,
  Stage,
  stageAfter,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { describeFamilyEvent, describePupilEvent } from './describe-event';

export interface HistoryEntry {
  /** Global position in the store: the order of the history, and the paging cursor. */
  position: string;
  streamId: string;
  revision: string;
  eventId: string;
  /** The event type, e.g. `PenaltyNoticeIssued`. */
  kind: string;
  familyId: string;
  /** The pupil it concerns; null for the family's own events. */
  pupilId: string | null;
  /** The parents or carers it concerns. */
  parentIds: string[];
  /** What happened, in plain English. */
  summary: string;
  /** Who did it, and in what role (`system:<job>` for timed work). */
  actor: string;
  role: string;
  /** When it happened: the business date the event names, else the date of the command. */
  happenedOn: IsoDate;
  /** When the command was made (business time, from the event's metadata). */
  occurredAt: string;
  /** When the store recorded it. */
  recordedAt: string;
  /** For a fact brought across by a case import, when the LA's earlier system recorded it. */
  firstRecordedAt: string | null;
  /** Why, where a reason was given. */
  reason: string | null;
  /** The pupil's stage after this event; null for the family's events. */
  stage: Stage | null;
  /** The rule set (code of conduct version) a decision was made under. */
  ruleSetVersion: string | null;
}

/**
 * The stretches of the global feed in which a pupil belonged to the family, from the family
 * stream's links and unlinks: a child's events count from the start of their stream up to their
 * first unlink, and again from each re-link, so a child wrongly linked and then unlinked does not
 * carry their later history into this family's.
 */
export interface Membership {
  pupilId: string;
  /** [from, to) positions; `from` undefined = the beginning, `to` undefined = still linked. */
  windows: { from: bigint | undefined; to: bigint | undefined }[];
}

export function membershipsOf(familyEvents: readonly RecordedEvent[]): Membership[] {
  const byPupil = new Map<string, Membership>();
  for (const event of familyEvents) {
    const pupilId = (event.data as { pupilId?: unknown }).pupilId;
    if (typeof pupilId !== 'string') continue;
    const membership = byPupil.get(pupilId) ?? { pupilId, windows: [] };
    byPupil.set(pupilId, membership);
    const open = membership.windows.find((w) => w.to === undefined);
    if (event.type === 'PupilLinked' && !open)
      membership.windows.push({
        from: membership.windows.length === 0 ? undefined : event.position,
        to: undefined,
      });
    if (event.type === 'PupilUnlinked' && open) open.to = event.position;
  }
  return [...byPupil.values()];
}

const inWindow = (membership: Membership, position: bigint) =>
  membership.windows.some(
    (w) => (w.from === undefined || position >= w.from) && (w.to === undefined || position < w.to),
  );

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function entryOf(
  familyId: string,
  event: RecordedEvent,
  pupil: { pupilId: string; stage: Stage | null } | null,
): HistoryEntry {
  const description = pupil
    ? describePupilEvent(event as unknown as PupilEvent)
    : describeFamilyEvent(event as unknown as FamilyEvent);
  const occurredAt = text(event.metadata.occurredAt) ?? event.recordedAt;
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    eventId: event.id,
    kind: event.type,
    familyId,
    pupilId: pupil?.pupilId ?? null,
    parentIds: description.parentIds,
    summary: description.summary,
    actor: String(event.metadata.actor),
    role: String(event.metadata.role),
    happenedOn: description.happenedOn ?? dateOf(occurredAt),
    occurredAt,
    recordedAt: event.recordedAt,
    firstRecordedAt: text(event.metadata.firstRecordedAt),
    reason: description.reason,
    stage: pupil?.stage ?? null,
    ruleSetVersion: text(event.metadata.ruleSetVersion),
  };
}

/**
 * The family's events and each child's events (within their membership), merged in global order.
 * Each child's stream is folded from its start so every entry shows the stage it left the pupil in.
 *
 * Only the stage is folded: `evolve` sets it by `stageAfter` alone, so the stage fold gives the
 * same stages without copying the whole journey (its register of marks above all) at every event,
 * which made a long history's replay cost grow with its length squared. An event of a type the
 * journey does not fold is shown without a stage, as `evolve` refuses it.
 */
export function buildFamilyHistory(
  familyId: string,
  familyEvents: readonly RecordedEvent[],
  pupilEvents: ReadonlyMap<string, readonly RecordedEvent[]>,
): HistoryEntry[] {
  const placed = familyEvents.map((event) => ({
    at: event.position,
    entry: entryOf(familyId, event, null),
  }));
  for (const membership of membershipsOf(familyEvents)) {
    let current: Stage = pupilJourneyDecider.initialState().stage;
    for (const event of pupilEvents.get(membership.pupilId) ?? []) {
      let stage: Stage | null = null;
      // An event this build cannot fold is still shown; its stage is unknown.
      if (isPupilEventType(event.type))
        stage = current = stageAfter(current, event as unknown as PupilEvent);
      if (inWindow(membership, event.position))
        placed.push({
          at: event.position,
          entry: entryOf(familyId, event, { pupilId: membership.pupilId, stage }),
        });
    }
  }
  return placed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((p) => p.entry);
}

export interface HistoryFilter {
  /** Business dates, inclusive. */
  happenedFrom?: IsoDate;
  happenedTo?: IsoDate;
  /** Store time, inclusive. */
  recordedFrom?: Date;
  recordedTo?: Date;
  pupilId?: string;
  stage?: Stage;
  /** Event types. */
  kinds?: readonly string[];
}

export function matchesHistoryFilter(entry: HistoryEntry, filter: HistoryFilter): boolean {
  if (filter.happenedFrom !== undefined && entry.happenedOn < filter.happenedFrom) return false;
  if (filter.happenedTo !== undefined && entry.happenedOn > filter.happenedTo) return false;
  const recorded = Date.parse(entry.recordedAt);
  if (filter.recordedFrom && recorded < filter.recordedFrom.getTime()) return false;
  if (filter.recordedTo && recorded > filter.recordedTo.getTime()) return false;
  if (filter.pupilId !== undefined && entry.pupilId !== filter.pupilId) return false;
  if (filter.stage !== undefined && entry.stage !== filter.stage) return false;
  if (filter.kinds?.length && !filter.kinds.includes(entry.kind)) return false;
  return true;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Pass back as `cursor` for the next page (entries after this position); absent on the last. */
  nextCursor?: string;
}

/** Entries matching the filter after the cursor's position, `limit` at a time, oldest first. */
export function pageOfHistory(
  entries: readonly HistoryEntry[],
  filter: HistoryFilter,
  page: { cursor?: bigint; limit: number },
): HistoryPage {
  const selected: HistoryEntry[] = [];
  for (const entry of entries) {
    if (page.cursor !== undefined && BigInt(entry.position) <= page.cursor) continue;
    if (!matchesHistoryFilter(entry, filter)) continue;
    if (selected.length === page.limit)
      return { entries: selected, nextCursor: selected[selected.length - 1].position };
    selected.push(entry);
  }
  return { entries: selected };
}
