/**
 * The chronology of an evidence pack: every event of a pupil's stream and of the family's stream,
 * in the store's global order, each as a sentence a magistrate can read (the family history's
 * descriptions, with each parent named by their reference and relationship rather than an id).
 * Pure: events in, rows out.
 */
import type { FamilyEvent, PupilEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { describeFamilyEvent, describePupilEvent, EventDescription } from './describe-event';

export interface ChronologyEntry {
  /** Global position in the store (decimal string: positions are bigints). */
  position: string;
  stream: 'pupil' | 'family';
  type: string;
  /** Business time, from the command (ISO instant). */
  occurredAt: string;
  /** When the store recorded it (ISO instant). */
  recordedAt: string;
  actor: string;
  role: string;
  /** The date the event is about (held on, issued on…), where it names one. */
  onDate: string | null;
  description: string;
  /** The rule set (code of conduct version) a decision was made under. */
  ruleSetVersion: string | null;
}

/** A parent's reference as the pack names them: "M (mother)". */
export function parentNamesOf(familyEvents: readonly RecordedEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of familyEvents) {
    if (e.type !== 'ParentAdded' && e.type !== 'ParentUpdated') continue;
    const p = e.data as { parentId: string; reference: string; relationship: string };
    names.set(p.parentId, `${p.reference} (${p.relationship})`);
  }
  return names;
}

/**
 * The rows of the chronology: the pupil's and the family's events merged in global order (the
 * order the store committed them), each with who did it, in what role, and when it was recorded.
 * Family events about another child of the family are left out: this pack is about one pupil.
 */
export function chronologyOf(
  pupilEvents: readonly RecordedEvent[],
  familyEvents: readonly RecordedEvent[],
  pupilId: string,
): ChronologyEntry[] {
  const names = parentNamesOf(familyEvents);
  const aboutAnotherChild = (e: RecordedEvent) =>
    (e.type === 'PupilLinked' || e.type === 'PupilUnlinked') &&
    (e.data as { pupilId?: unknown }).pupilId !== pupilId;
  const merged = [
    ...pupilEvents.map((e) => ({ e, stream: 'pupil' as const })),
    ...familyEvents
      .filter((e) => !aboutAnotherChild(e))
      .map((e) => ({ e, stream: 'family' as const })),
  ].sort((a, b) => (a.e.position < b.e.position ? -1 : a.e.position > b.e.position ? 1 : 0));
  return merged.map(({ e, stream }) => {
    const described: EventDescription =
      stream === 'pupil'
        ? describePupilEvent({ type: e.type, data: e.data } as unknown as PupilEvent)
        : describeFamilyEvent({ type: e.type, data: e.data } as unknown as FamilyEvent);
    // Parent ids are opaque; the pack names each parent by reference ("M (mother)") instead.
    const named = (text: string) =>
      described.parentIds.reduce((t, id) => {
        const name = names.get(id);
        return name === undefined ? t : t.split(`parent ${id}`).join(name).split(id).join(name);
      }, text);
    const description = named(
      described.reason ? `${described.summary} Reason: ${described.reason}` : described.summary,
    );
    const version = (e.data as { ruleSetVersion?: unknown }).ruleSetVersion;
    return {
      position: e.position.toString(10),
      stream,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.metadata.actor,
      role: e.metadata.role,
      onDate: described.happenedOn,
      description,
      ruleSetVersion: typeof version === 'string' ? version : null,
    };
  });
}
