/**
 * The casework views derive each pupil's rows once per batch (`flush`). Given the same events, a
 * whole history applied as one batch must leave the rows that applying it event by event leaves,
 * including where the code of conduct changes how school weeks count between two registers.
 */
import {
  addDays,
  CODE_OF_CONDUCT_STREAM,
  NATIONAL_DEFAULTS,
  PupilEvent,
  SchoolWeekBasis,
} from '@app/domain';
import { PUPIL, registered, registerWeeks } from '@app/domain/testing/journey-fixtures';
import type { RecordedEvent } from '@app/event-store';
import { MemoryDocumentStore } from '../../memory/memory-document-store';
import { applyEvent } from '../../testing/given-events';
import { matchesStreams, Projection } from '../../projector/projection';
import { caseload, eligibility, statistics } from './documents';
import { CASEWORK_PROJECTIONS } from './views';

const adopt = (basis: SchoolWeekBasis, version: string) => ({
  stream: CODE_OF_CONDUCT_STREAM,
  type: 'CodeOfConductAdopted',
  data: {
    codeOfConduct: { ...NATIONAL_DEFAULTS, version, schoolWeekBasis: basis },
    adoptedOn: '2024-09-01',
  },
});

/** A week the pupil was not of compulsory school age for (X): no possible session. */
const notPossibleWeek = (monday: string): PupilEvent => ({
  type: 'AttendanceMarksRecorded',
  data: {
    schoolId: 'school-a',
    from: monday,
    to: addDays(monday, 4),
    marks: [0, 1, 2, 3, 4].flatMap((d) =>
      (['AM', 'PM'] as const).map((session) => ({
        date: addDays(monday, d),
        session,
        code: 'X' as const,
      })),
    ),
    receivedAt: `${addDays(monday, 4)}T16:00:00.000Z`,
  },
});

const mondays = (first: string, n: number) =>
  Array.from({ length: n }, (_, i) => addDays(first, 7 * i));

/**
 * Five unauthorised sessions, ten weeks without a possible session, five more: ten in two
 * school weeks when only the pupil's possible sessions make a school week, but never ten within
 * ten when every week the school met counts. The code changes to the first reading after the
 * registers, so it must not reach figures worked out before it.
 */
const history = (): { stream: string; type: string; data: unknown }[] => [
  adopt('school-session-held', 'strict'),
  ...[
    registered,
    ...registerWeeks(5, 1, '2025-01-06'),
    ...mondays('2025-01-13', 10).map(notPossibleWeek),
    ...registerWeeks(5, 1, '2025-03-24'),
  ].map((e): { stream: string; type: string; data: unknown } => ({
    stream: `pupil-${PUPIL}`,
    ...e,
  })),
  adopt('pupil-possible-session', 'lenient'),
];

const recorded = (items: ReturnType<typeof history>): RecordedEvent[] =>
  items.map((item, i) => ({
    id: `e${i + 1}`,
    streamId: item.stream,
    type: item.type,
    data: item.data as Record<string, unknown>,
    metadata: {} as RecordedEvent['metadata'],
    revision: 0n,
    position: BigInt(i + 1),
    recordedAt: '2025-06-01T10:00:00.000Z',
  }));

async function oneByOne(projections: readonly Projection[], events: RecordedEvent[]) {
  const store = new MemoryDocumentStore();
  for (const e of events)
    for (const p of projections)
      if (matchesStreams(p, e)) await store.transaction((tx) => applyEvent(p, e, tx));
  return store;
}

async function asOneBatch(projections: readonly Projection[], events: RecordedEvent[]) {
  const store = new MemoryDocumentStore();
  for (const p of projections)
    await store.transaction(async (tx) => {
      for (const e of events) if (matchesStreams(p, e)) await p.apply(e, tx);
      await p.flush?.(tx);
    });
  return store;
}

describe('the casework views, given a history as one batch or event by event', () => {
  it('given a code of conduct that changes after the registers, leaves the threshold as the earlier code had it, as event by event', async () => {
    const events = recorded(history());
    const single = await oneByOne(CASEWORK_PROJECTIONS, events);
    const batch = await asOneBatch(CASEWORK_PROJECTIONS, events);
    const row = await single.get(caseload, PUPIL);
    expect(row).toMatchObject({ thresholdMet: false, asOf: '2025-03-28' });
    expect(await batch.get(caseload, PUPIL)).toEqual(row);
    expect(await batch.get(eligibility, PUPIL)).toBeUndefined();
    expect((await batch.query(statistics)).items).toEqual((await single.query(statistics)).items);
  });

  it('given the same registers under the lenient code from the start, meets the threshold (the code matters)', async () => {
    const events = recorded([
      adopt('pupil-possible-session', 'lenient'),
      ...history().slice(1, -1),
    ]);
    const batch = await asOneBatch(CASEWORK_PROJECTIONS, events);
    expect(await batch.get(caseload, PUPIL)).toMatchObject({ thresholdMet: true });
    expect(await batch.get(eligibility, PUPIL)).toEqual(
      await (await oneByOne(CASEWORK_PROJECTIONS, events)).get(eligibility, PUPIL),
    );
  });
});
