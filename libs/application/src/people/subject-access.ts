/**
 * A subject access request (UK GDPR art 15): everything the system holds about one person, for an
 * administrator to send them. Their record (details opened, or erased), the families they are in
 * with their standing there, every event that mentions them (their own stream's, and those of
 * their families and children that name them), and every read of their family's history and their
 * children's cases from the access log. The export itself is a read of the family's history, so it
 * is recorded in the access log before anything is assembled.
 */
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { familyStreamId, type PersonalDetails, personStreamId, pupilStreamId } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { FamilyMembership } from '@app/read-models';
import { AccessLog, type AccessRecord } from '../audit/access-log';
import { readFamilyHistory } from '../audit/audit-reads';
import type { Principal } from '../auth/roles';
import { readStreamEvents } from '../commands/stream-executor';
import { CaseNotFound } from '../pupils/case-access';
import { GetPupilJourney } from '../pupils/pupil-commands';
import { CLOCK, type Clock, EVENT_STORE } from '../tokens';
import { PersonMembershipsReader } from './person-memberships';
import {
  ERASED,
  PersonalDetailsReader,
  type PersonFields,
  personFields,
  personIdsIn,
  type PersonView,
} from './personal-details';

export interface SubjectAccessEvent {
  position: string;
  streamId: string;
  revision: string;
  type: string;
  /** What happened, in plain English. */
  summary: string;
  happenedOn: string;
  recordedAt: string;
  recordedBy: { actor: string; role: string };
  /** The event's data as held (personal details opened, or "[erased]"). */
  data: Record<string, unknown>;
}

export interface SubjectAccessExport {
  generatedAt: string;
  producedFor: { userId: string; role: string; purpose: string };
  person: PersonFields & {
    personId: string;
    details: PersonalDetails | typeof ERASED;
    recordedOn: string;
    correctedOn?: string;
    erasure?: { basis: string; reason: string; erasedOn: string };
  };
  families: (Partial<FamilyMembership> & {
    familyId: string;
    reference: string;
    children: { pupilId: string; reference: string | null; name?: string }[];
  })[];
  events: SubjectAccessEvent[];
  /** Every read of their family's history or their children's cases, oldest first. */
  reads: AccessRecord[];
}

const PERSON_SUMMARY: Record<string, string> = {
  PersonRecorded: 'Personal details recorded (name, address, contact details).',
  PersonDetailsCorrected: 'Personal details corrected.',
  PersonErased: 'Personal details erased: the key they were held under was destroyed.',
};

@Injectable()
export class SubjectAccess {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queries: QueryBus,
    private readonly people: PersonalDetailsReader,
    private readonly memberships: PersonMembershipsReader,
    private readonly accessLog: AccessLog,
  ) {}

  async export(
    principal: Principal,
    personId: string,
    purpose: string,
    correlationId?: string,
  ): Promise<SubjectAccessExport> {
    const person = await this.people.of(personId);
    if (!person) throw new CaseNotFound('person');
    const standing = await this.standingOf(person);
    await this.accessLog.record(
      principal,
      {
        kind: 'subject-access',
        ...(person.kind === 'pupil' && { pupilId: personId }),
        purpose,
        details: { personId },
      },
      correlationId,
    );

    const families: SubjectAccessExport['families'] = [];
    const events = new Map<string, SubjectAccessEvent>();
    const own = await this.people.reveal(
      await readStreamEvents(this.store, personStreamId(personId)),
    );
    for (const e of own) events.set(e.id, eventOf(e, PERSON_SUMMARY[e.type] ?? e.type));
    const children = new Set<string>();
    for (const membership of standing) {
      const history = await readFamilyHistory(this.store, membership.familyId);
      const raw = new Map<string, RecordedEvent>();
      for (const streamId of [
        familyStreamId(membership.familyId),
        ...history.pupils.map((p) => pupilStreamId(p.pupilId)),
      ])
        for (const e of await readStreamEvents(this.store, streamId)) raw.set(e.id, e);
      const names = await this.people.peopleIn(history.pupils);
      families.push({
        ...membership,
        reference: history.family.reference,
        children: history.pupils.map((p) => ({
          pupilId: p.pupilId,
          reference: p.reference,
          ...(names[p.pupilId] && { name: names[p.pupilId].name }),
        })),
      });
      for (const p of history.pupils) children.add(p.pupilId);
      for (const entry of history.entries) {
        const e = raw.get(entry.eventId);
        if (!e) continue;
        const mentions =
          person.kind === 'pupil'
            ? entry.pupilId === personId || personIdsIn(e.data).has(personId)
            : entry.parentIds.includes(personId) || personIdsIn(e.data).has(personId);
        if (mentions) events.set(e.id, eventOf(e, entry.summary, entry.happenedOn));
      }
    }
    if (person.kind === 'pupil' && standing.length === 0)
      for (const e of await readStreamEvents(this.store, pupilStreamId(personId)))
        events.set(e.id, eventOf(e, e.type));

    return {
      generatedAt: this.clock().toISOString(),
      producedFor: { userId: principal.userId, role: principal.role, purpose },
      person: {
        personId,
        ...personFields(person),
        details: person.status === 'held' ? person.details : ERASED,
        recordedOn: person.recordedOn,
        ...(person.status === 'held' && person.correctedOn && { correctedOn: person.correctedOn }),
        ...(person.status === 'erased' && person.erasure && { erasure: person.erasure }),
      },
      families,
      events: [...events.values()].sort((a, b) => Number(BigInt(a.position) - BigInt(b.position))),
      reads: await this.readsOf(
        personId,
        standing,
        person.kind === 'pupil' ? [personId] : [...children],
      ),
    };
  }

  /** The families the person is in: a parent's from the people index, a pupil's from their case. */
  private async standingOf(
    person: PersonView,
  ): Promise<FamilyMembership[] | { familyId: string }[]> {
    if (person.kind === 'parent-or-carer') return this.memberships.familiesOf(person.personId);
    const journey = await this.queries.execute(new GetPupilJourney(person.personId));
    return journey.summary.familyId ? [{ familyId: journey.summary.familyId }] : [];
  }

  private async readsOf(
    personId: string,
    families: { familyId: string }[],
    pupilIds: string[],
  ): Promise<AccessRecord[]> {
    const found = new Map<string, AccessRecord>();
    const collect = async (
      filter: Parameters<AccessLog['query']>[0],
      keep: (r: AccessRecord) => boolean = () => true,
    ) => {
      let cursor: bigint | undefined;
      do {
        const page = await this.accessLog.query(filter, {
          cursor,
          limit: 1000,
          order: 'oldest-first',
        });
        for (const r of page.records) if (keep(r)) found.set(r.sequence, r);
        cursor = page.nextCursor === undefined ? undefined : BigInt(page.nextCursor);
      } while (cursor !== undefined);
    };
    for (const { familyId } of families) await collect({ familyId });
    for (const pupilId of pupilIds) await collect({ pupilId });
    await collect({ kind: 'subject-access' }, (r) => r.details?.personId === personId);
    return [...found.values()].sort((a, b) => Number(BigInt(a.sequence) - BigInt(b.sequence)));
  }
}

function eventOf(e: RecordedEvent, summary: string, happenedOn?: string): SubjectAccessEvent {
  const occurredAt =
    typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt;
  return {
    position: e.position.toString(),
    streamId: e.streamId,
    revision: e.revision.toString(),
    type: e.type,
    summary,
    happenedOn: happenedOn ?? occurredAt.slice(0, 10),
    recordedAt: e.recordedAt,
    recordedBy: { actor: String(e.metadata.actor), role: String(e.metadata.role) },
    data: e.data,
  };
}
