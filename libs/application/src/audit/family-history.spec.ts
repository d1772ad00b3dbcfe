import type { FamilyEvent, PupilEvent } from '@app/domain';
import {
  DAD,
  MUM,
  ntiIssued,
  registered,
  registerWeeks,
  supportNotEngaged,
  supportOffered,
} from '@app/domain/testing/journey-fixtures';
import { upcastStored } from '../commands/upcast-recorded';
import { buildFamilyHistory, HistoryEntry, pageOfHistory } from './family-history';
import { recorder } from './testing/recorded';

const FAMILY_STREAM = 'family-f1';
const registeredAs = (pupilId: string, reference: string): PupilEvent => ({
  ...registered,
  data: { ...(registered.data as object), pupilId, reference } as never,
});
const link = (pupilId: string, linkedOn = '2025-01-01'): FamilyEvent => ({
  type: 'PupilLinked',
  data: { pupilId, linkedOn },
});
const unlink = (pupilId: string): FamilyEvent => ({
  type: 'PupilUnlinked',
  data: { pupilId, reason: 'Linked to the wrong family', unlinkedOn: '2025-01-01' },
});
const conversation = (heldOn: string): PupilEvent => ({
  type: 'ConversationRecorded',
  data: {
    conversationId: `c-${heldOn}`,
    heldOn,
    withWhom: ['pupil', 'mother'],
    barriers: ['anxiety'],
    barrierNotes: '',
    pupilVoice: '',
    agreedNextSteps: ['Morning check-in'],
  },
});

/** A family of two children, their events interleaved in the store as they were recorded. */
function twoChildren() {
  const r = recorder();
  r.record(FAMILY_STREAM, {
    type: 'FamilyRegistered',
    data: { familyId: 'f1', reference: 'F-1', registeredOn: '2024-09-02' },
  });
  r.record('pupil-a', registeredAs('a', 'P-A'));
  r.record('pupil-b', registeredAs('b', 'P-B'));
  r.record(FAMILY_STREAM, link('a'));
  r.record(FAMILY_STREAM, link('b'));
  for (const e of registerWeeks(1, 2)) r.record('pupil-a', e);
  r.record('pupil-b', conversation('2025-01-20'), { actor: 'worker-2' });
  r.record('pupil-a', supportOffered);
  r.record('pupil-c', registeredAs('c', 'P-C'));
  r.record('pupil-a', supportNotEngaged);
  r.record('pupil-a', ntiIssued(MUM), {
    actor: 'officer-1',
    role: 'attendance-officer',
    ruleSetVersion: 'national-2024-08-19',
  });
  return r;
}

const history = (r: ReturnType<typeof recorder>) =>
  buildFamilyHistory(
    'f1',
    r.stream(FAMILY_STREAM),
    new Map(['a', 'b', 'c'].map((id) => [id, r.stream(`pupil-${id}`)])),
  );

describe("a family's history", () => {
  it("holds every event of the family and of each linked child once, in the store's global order", () => {
    const r = twoChildren();
    const entries = history(r);
    const expected = r.all().filter((e) => e.streamId !== 'pupil-c');
    expect(entries.map((e) => e.eventId)).toEqual(expected.map((e) => e.id));
    expect(entries.map((e) => Number(e.position))).toEqual(
      [...entries.map((e) => Number(e.position))].sort((x, y) => x - y),
    );
  });

  it('leaves out a pupil the family never linked', () => {
    expect(history(twoChildren()).some((e) => e.pupilId === 'c')).toBe(false);
  });

  it("includes a child's events from before they were linked (their registration)", () => {
    const registration = history(twoChildren()).find(
      (e) => e.pupilId === 'a' && e.kind === 'PupilRegistered',
    );
    expect(registration?.summary).toBe(
      'Pupil P-A registered at school school-a (academy, year 8).',
    );
  });

  it('says who did it, in what role, when it happened and when it was recorded, and why', () => {
    const r = recorder();
    r.record(FAMILY_STREAM, link('a'));
    r.record('pupil-a', registeredAs('a', 'P-A'));
    r.record('pupil-a', ntiIssued(DAD, '2025-03-17'), {
      actor: 'officer-1',
      role: 'attendance-officer',
      recordedAt: '2025-03-18T10:15:00.000Z',
      ruleSetVersion: 'national-2024-08-19',
    });
    const notice = buildFamilyHistory(
      'f1',
      r.stream(FAMILY_STREAM),
      new Map([['a', r.stream('pupil-a')]]),
    ).find((e) => e.kind === 'NoticeToImproveIssued');
    expect(notice).toMatchObject<Partial<HistoryEntry>>({
      familyId: 'f1',
      pupilId: 'a',
      parentIds: [DAD],
      actor: 'officer-1',
      role: 'attendance-officer',
      happenedOn: '2025-03-17',
      recordedAt: '2025-03-18T10:15:00.000Z',
      reason: 'No unauthorised absence for 6 weeks',
      ruleSetVersion: 'national-2024-08-19',
    });
    expect(notice?.summary).toBe(
      `Notice to improve nti-${DAD} issued to parent ${DAD}: 6 weeks to improve, until 2025-04-28.`,
    );
  });

  it('dates a link by the day it happened, not the day it was typed in', () => {
    const r = recorder('2025-02-03T11:00:00.000Z');
    r.record(FAMILY_STREAM, link('a', '2024-09-10'));
    expect(buildFamilyHistory('f1', r.stream(FAMILY_STREAM), new Map())[0]).toMatchObject({
      kind: 'PupilLinked',
      happenedOn: '2024-09-10',
      recordedAt: '2025-02-03T11:00:00.000Z',
      pupilId: null,
      stage: null,
    });
  });

  it('dates a link stored before links carried a date by the day its command was made', () => {
    const r = recorder('2025-02-03T11:00:00.000Z');
    r.record(FAMILY_STREAM, { type: 'PupilLinked', data: { pupilId: 'a' } } as never);
    const events = r.stream(FAMILY_STREAM).map(upcastStored);
    expect(buildFamilyHistory('f1', events, new Map())[0]).toMatchObject({
      kind: 'PupilLinked',
      happenedOn: '2025-02-03',
    });
  });

  it('shows the stage each pupil event left the journey in', () => {
    const stages = history(twoChildren())
      .filter((e) => e.pupilId === 'a')
      .map((e) => [e.kind, e.stage]);
    expect(stages).toEqual([
      ['PupilRegistered', 'expect'],
      ['AttendanceMarksRecorded', 'expect'],
      ['AttendanceMarksRecorded', 'expect'],
      ['SupportActionRecorded', 'facilitate-support'],
      ['SupportOutcomeRecorded', 'facilitate-support'],
      ['NoticeToImproveIssued', 'enforce'],
    ]);
  });

  it("stops a child's events at their unlinking and picks them up again at a re-link", () => {
    const r = recorder();
    r.record('pupil-a', registeredAs('a', 'P-A'));
    r.record(FAMILY_STREAM, link('a'));
    r.record('pupil-a', conversation('2025-01-06'));
    r.record(FAMILY_STREAM, unlink('a'));
    r.record('pupil-a', conversation('2025-01-13'));
    r.record(FAMILY_STREAM, link('a'));
    r.record('pupil-a', conversation('2025-01-20'));
    const entries = buildFamilyHistory(
      'f1',
      r.stream(FAMILY_STREAM),
      new Map([['a', r.stream('pupil-a')]]),
    );
    expect(entries.map((e) => `${e.kind} ${e.happenedOn}`)).toEqual([
      'PupilRegistered 2024-09-02',
      'PupilLinked 2025-01-01',
      'ConversationRecorded 2025-01-06',
      'PupilUnlinked 2025-01-01',
      'PupilLinked 2025-01-01',
      'ConversationRecorded 2025-01-20',
    ]);
    expect(entries.find((e) => e.kind === 'PupilUnlinked')?.reason).toBe(
      'Linked to the wrong family',
    );
  });

  it('tolerates an event type this build does not know, showing it without a stage', () => {
    const r = recorder();
    r.record(FAMILY_STREAM, link('a'));
    r.record('pupil-a', { type: 'SomethingFromTheFuture', data: {} } as unknown as PupilEvent);
    const entry = buildFamilyHistory(
      'f1',
      r.stream(FAMILY_STREAM),
      new Map([['a', r.stream('pupil-a')]]),
    )[1];
    expect(entry).toMatchObject({ kind: 'SomethingFromTheFuture', stage: null });
    expect(entry.summary).toMatch(/does not describe \(SomethingFromTheFuture\)/);
  });
});

describe('filtering and paging a history', () => {
  const entries = history(twoChildren());
  const kinds = (page: { entries: HistoryEntry[] }) => page.entries.map((e) => e.kind);

  it('filters by the date things happened, inclusive', () => {
    const page = pageOfHistory(
      entries,
      { happenedFrom: '2025-01-10', happenedTo: '2025-01-20' },
      { limit: 100 },
    );
    expect(page.entries.map((e) => e.happenedOn)).toEqual([
      '2025-01-10',
      '2025-01-17',
      '2025-01-20',
    ]);
  });

  it('filters by the time things were recorded, inclusive', () => {
    const r = recorder();
    r.record(FAMILY_STREAM, link('a'), { recordedAt: '2025-01-01T09:00:00.000Z' });
    r.record('pupil-a', registeredAs('a', 'P-A'), { recordedAt: '2025-02-01T09:00:00.000Z' });
    r.record('pupil-a', conversation('2025-01-06'), { recordedAt: '2025-03-01T09:00:00.000Z' });
    const all = buildFamilyHistory(
      'f1',
      r.stream(FAMILY_STREAM),
      new Map([['a', r.stream('pupil-a')]]),
    );
    const page = pageOfHistory(
      all,
      {
        recordedFrom: new Date('2025-02-01T09:00:00.000Z'),
        recordedTo: new Date('2025-02-28T23:59:59.999Z'),
      },
      { limit: 100 },
    );
    expect(kinds(page)).toEqual(['PupilRegistered']);
  });

  it('filters by pupil, stage and event kind', () => {
    expect(kinds(pageOfHistory(entries, { pupilId: 'b' }, { limit: 100 }))).toEqual([
      'PupilRegistered',
      'ConversationRecorded',
    ]);
    expect(kinds(pageOfHistory(entries, { stage: 'enforce' }, { limit: 100 }))).toEqual([
      'NoticeToImproveIssued',
    ]);
    expect(
      kinds(
        pageOfHistory(
          entries,
          { kinds: ['FamilyRegistered', 'SupportActionRecorded'] },
          { limit: 100 },
        ),
      ),
    ).toEqual(['FamilyRegistered', 'SupportActionRecorded']);
  });

  it('pages oldest first with a cursor, every entry once', () => {
    const seen: string[] = [];
    let cursor: bigint | undefined;
    let pages = 0;
    do {
      const page = pageOfHistory(entries, {}, { cursor, limit: 4 });
      seen.push(...page.entries.map((e) => e.eventId));
      cursor = page.nextCursor === undefined ? undefined : BigInt(page.nextCursor);
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(entries.map((e) => e.eventId));
    expect(pages).toBe(Math.ceil(entries.length / 4));
  });

  it('pages a filtered history without gaps', () => {
    const first = pageOfHistory(entries, { pupilId: 'a' }, { limit: 2 });
    const second = pageOfHistory(
      entries,
      { pupilId: 'a' },
      { limit: 100, cursor: BigInt(first.nextCursor ?? '0') },
    );
    expect([...first.entries, ...second.entries].map((e) => e.eventId)).toEqual(
      entries.filter((e) => e.pupilId === 'a').map((e) => e.eventId),
    );
  });
});
