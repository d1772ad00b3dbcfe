import { Inject, Injectable, Optional } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  DomainError,
  ErasureBasis,
  IsoDate,
  PERSON_STREAM_PREFIX,
  personDecider,
  PersonalDetails,
  PersonEvent,
  PersonKind,
  PersonState,
  personStreamId,
  SealedDetails,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { Fold, StreamState, StreamStates } from '../commands/stream-states';
import { upcastRecorded } from '../commands/upcast-recorded';
import { EVENT_STORE } from '../tokens';
import { PersonalDataCipher } from './personal-data-cipher';

/** No parent or carer is recorded under this id (HTTP 422). */
export class UnknownParentOrCarer extends DomainError {
  readonly kind = 'rule' as const;
  readonly code = 'unknown-parent-or-carer';
  constructor(personId: string) {
    super(
      `No parent or carer is recorded as person ${personId}; record them first (POST /people).`,
    );
  }
}

/** What a view shows in place of a field whose person was erased. */
export const ERASED = '[erased]';

/** A person as any read shows them: their details opened, or erased. */
export type PersonView =
  | {
      personId: string;
      kind: PersonKind;
      status: 'held';
      details: PersonalDetails;
      recordedOn: IsoDate;
      correctedOn?: IsoDate;
      recordedBy: string;
      revision: bigint;
    }
  | {
      personId: string;
      kind: PersonKind;
      status: 'erased';
      /** Absent only when the key is gone but the erasure was never recorded. */
      erasure?: { basis: ErasureBasis; reason: string; erasedOn: IsoDate };
      recordedOn: IsoDate;
      recordedBy: string;
      revision: bigint;
    };

/** "Jane Smith", or ERASED. */
export const fullNameOf = (view: PersonView | undefined): string | undefined =>
  view === undefined
    ? undefined
    : view.status === 'held'
      ? `${view.details.givenName} ${view.details.familyName}`
      : ERASED;

/** A person's details as a view shows them beside the ids it holds: each field, or ERASED. */
export interface PersonFields {
  kind: PersonKind;
  status: 'held' | 'erased';
  name: string;
  /** One line: "12 Mill Lane, Headingley, Leeds, LS6 2AB". */
  address: string;
  email?: string;
  phone?: string;
}

export function personFields(view: PersonView): PersonFields {
  if (view.status === 'erased')
    return {
      kind: view.kind,
      status: 'erased',
      name: ERASED,
      address: ERASED,
      email: ERASED,
      phone: ERASED,
    };
  const { details } = view;
  return {
    kind: view.kind,
    status: 'held',
    name: fullNameOf(view)!,
    address: [...details.address.lines, details.address.town, details.address.postcode].join(', '),
    ...(details.email !== undefined && { email: details.email }),
    ...(details.phone !== undefined && { phone: details.phone }),
  };
}

/** The keys under which views name people by id. */
const ID_KEYS = new Set(['parentId', 'pupilId', 'personId']);
const ID_LIST_KEYS = new Set(['parentIds', 'pupilIds']);

/** Every person id a view names (under parentId, pupilId, personId, parentIds, pupilIds). */
export function personIdsIn(view: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(view)) {
    for (const item of view) personIdsIn(item, into);
  } else if (view && typeof view === 'object') {
    for (const [key, value] of Object.entries(view)) {
      if (ID_KEYS.has(key) && typeof value === 'string') into.add(value);
      else if (ID_LIST_KEYS.has(key) && Array.isArray(value)) {
        for (const id of value) if (typeof id === 'string') into.add(id);
      } else personIdsIn(value, into);
    }
  }
  return into;
}

/** A person's state, and who recorded them (the first event's actor). */
interface PersonRead {
  person: PersonState;
  recordedBy: string | undefined;
}

/** The person stream folded with its first event's actor (kept in memory only: no snapshots). */
const personRead: Fold<{ event: PersonEvent; actor: string }, PersonRead> = {
  initialState: () => ({ person: personDecider.initialState(), recordedBy: undefined }),
  evolve: (read, { event, actor }) => ({
    person: personDecider.evolve(read.person, event),
    recordedBy: read.recordedBy ?? actor,
  }),
  from: (e) => ({ event: upcastRecorded(e) as PersonEvent, actor: String(e.metadata.actor) }),
};

/**
 * Reads people's details, opened at read time (nothing durable holds them in the clear). The one
 * way every view, letter and export gets a person's name, address and contact details: when the
 * person was erased, each answers ERASED and the rest of the record stands.
 */
@Injectable()
export class PersonalDetailsReader {
  private readonly states: StreamStates;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly cipher: PersonalDataCipher,
    @Optional() states?: StreamStates,
  ) {
    this.states = states ?? new StreamStates(store);
  }

  /**
   * The person, or undefined when no person was ever recorded under this id. The stream's state is
   * kept in memory and refreshed from the stream on each read (StreamStates: the events after the
   * revision kept, usually none); the details are opened with the key store each time, so an
   * erasure (the key destroyed) shows at once.
   */
  async of(personId: string): Promise<PersonView | undefined> {
    return this.view(personId, await this.states.load(personStreamId(personId), personRead));
  }

  private async view(
    personId: string,
    { state: { person: state, recordedBy }, revision }: StreamState<PersonRead>,
  ): Promise<PersonView | undefined> {
    if (revision === undefined || state.status === 'unrecorded') return undefined;
    const base = {
      personId,
      kind: state.kind!,
      recordedOn: state.recordedOn!,
      recordedBy: recordedBy!,
      revision,
    };
    const details = state.details && (await this.cipher.open(state.details));
    if (state.status === 'erased' || !details)
      return { ...base, status: 'erased', ...(state.erasure && { erasure: state.erasure }) };
    return {
      ...base,
      status: 'held',
      details,
      ...(state.correctedOn && { correctedOn: state.correctedOn }),
    };
  }

  /** A recorded parent or carer (422 otherwise): one a family may hold as a parent. */
  async parentOrCarer(personId: string): Promise<PersonView> {
    const person = await this.of(personId);
    if (person?.kind !== 'parent-or-carer') throw new UnknownParentOrCarer(personId);
    return person;
  }

  /**
   * The people a view names, by id, each with their fields opened or ERASED: what a view puts
   * beside its ids (`people`), so that no read model has to hold a name. Ids with no person
   * recorded (a parent known only by reference) are left out.
   */
  async peopleIn(view: unknown): Promise<Record<string, PersonFields>> {
    const found = await this.many(personIdsIn(view));
    return Object.fromEntries([...found].map(([id, person]) => [id, personFields(person)]));
  }

  /** Several people at once, by id (those never recorded are left out). */
  async many(personIds: Iterable<string>): Promise<Map<string, PersonView>> {
    const ids = [...new Set(personIds)];
    const loaded = await this.states.loadMany(ids.map(personStreamId), personRead);
    const found = new Map<string, PersonView>();
    for (const [i, id] of ids.entries()) {
      const view = await this.view(id, loaded[i]);
      if (view) found.set(id, view);
    }
    return found;
  }

  /**
   * A person stream's events with their sealed details opened, or replaced by ERASED: what audit
   * reads (a family's history, a subject-access export) show. Other events pass through.
   */
  async reveal(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const revealed: RecordedEvent[] = [];
    for (const e of events) {
      const sealed = e.streamId.startsWith(PERSON_STREAM_PREFIX)
        ? (e.data as { details?: SealedDetails }).details
        : undefined;
      if (!sealed) {
        revealed.push(e);
        continue;
      }
      const details = (await this.cipher.open(sealed)) ?? ERASED;
      revealed.push({ ...e, data: { ...e.data, details } });
    }
    return revealed;
  }
}

/** The QueryBus face of PersonalDetailsReader.of (letters, exports). */
export class GetPersonalDetails extends Query<PersonView | undefined> {
  constructor(readonly personId: string) {
    super();
  }
}

@QueryHandler(GetPersonalDetails)
export class GetPersonalDetailsHandler implements IQueryHandler<GetPersonalDetails> {
  constructor(private readonly reader: PersonalDetailsReader) {}

  execute({ personId }: GetPersonalDetails) {
    return this.reader.of(personId);
  }
}
