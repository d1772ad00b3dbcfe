import { MemoryEventStore } from '@app/event-store';
import type { Principal } from '../auth/roles';
import { ACCESS_LOG_STREAM, AccessLog, PurposeRequired, requirePurpose } from './access-log';
import { verifyStream } from './verify-chain';

const auditor: Principal = { userId: 'auditor-1', role: 'auditor', schoolIds: [] };
const chair: Principal = { userId: 'chair-1', role: 'panel-chair', schoolIds: [] };
const purpose = 'Panel hearing on 12 March: case review';

function setup(start = '2026-03-01T09:00:00.000Z') {
  let now = new Date(start);
  const store = new MemoryEventStore(() => now);
  const log = new AccessLog(store, () => now);
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  return { store, log, advance };
}

describe('requirePurpose', () => {
  it('returns the purpose trimmed', () => {
    expect(requirePurpose(`  ${purpose}  `)).toBe(purpose);
  });

  it.each([
    ['missing', undefined],
    ['blank', '   '],
    ['too short', 'look'],
    ['too long', 'x'.repeat(501)],
    ['not text', ['panel hearing 12 March', 'again']],
    ['on several lines', 'panel hearing\n12 March'],
  ])('refuses a purpose that is %s', (_, value) => {
    expect(() => requirePurpose(value)).toThrow(PurposeRequired);
  });

  it('tells the caller how to give one', () => {
    expect(() => requirePurpose(undefined)).toThrow(/purpose=/);
  });
});

describe('the access log', () => {
  it('records who read what, in which role, when, why and under which correlation id', async () => {
    const { log } = setup();
    await log.record(
      auditor,
      { kind: 'family-history', familyId: 'f-1', purpose, details: { format: 'html' } },
      'corr-12345678',
    );
    const { records } = await log.query({}, { limit: 10 });
    expect(records).toEqual([
      {
        sequence: '0',
        userId: 'auditor-1',
        role: 'auditor',
        at: '2026-03-01T09:00:00.000Z',
        kind: 'family-history',
        familyId: 'f-1',
        purpose,
        details: { format: 'html' },
        correlationId: 'corr-12345678',
      },
    ]);
  });

  it('refuses to record a read without a purpose, and records nothing', async () => {
    const { log } = setup();
    await expect(
      log.record(auditor, { kind: 'family-history', familyId: 'f-1', purpose: ' ' }),
    ).rejects.toThrow(PurposeRequired);
    expect((await log.query({}, { limit: 10 })).records).toEqual([]);
  });

  it('chains every record to the one before it, so audit:verify covers the log', async () => {
    const { store, log } = setup();
    for (let i = 0; i < 3; i += 1)
      await log.record(auditor, { kind: 'pupil-state-as-of', pupilId: `p-${i}`, purpose });
    const report = await verifyStream(store, ACCESS_LOG_STREAM);
    expect(report).toEqual({ streamsChecked: 1, eventsChecked: 3, brokenLinks: [] });
  });

  it('keeps every record when many reads are recorded at once', async () => {
    const { store, log } = setup();
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        log.record(auditor, { kind: 'evidence-pack', pupilId: `p-${i}`, purpose }),
      ),
    );
    const { records } = await log.query({}, { limit: 100 });
    expect(records.map((r) => r.pupilId).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `p-${i}`).sort(),
    );
    expect((await verifyStream(store, ACCESS_LOG_STREAM)).brokenLinks).toEqual([]);
  });

  it('lists newest first by default and oldest first on request', async () => {
    const { log, advance } = setup();
    for (const pupilId of ['a', 'b', 'c']) {
      await log.record(auditor, { kind: 'pupil-state-as-of', pupilId, purpose });
      advance(60_000);
    }
    expect((await log.query({}, { limit: 10 })).records.map((r) => r.pupilId)).toEqual([
      'c',
      'b',
      'a',
    ]);
    const oldest = await log.query({}, { limit: 10, order: 'oldest-first' });
    expect(oldest.records.map((r) => r.pupilId)).toEqual(['a', 'b', 'c']);
  });

  it('pages with a cursor until every record was returned once', async () => {
    const { log } = setup();
    for (let i = 0; i < 5; i += 1)
      await log.record(auditor, { kind: 'pupil-state-as-of', pupilId: `p-${i}`, purpose });
    const seen: string[] = [];
    let cursor: bigint | undefined;
    let pages = 0;
    do {
      const page = await log.query({}, { limit: 2, cursor });
      seen.push(...page.records.map((r) => r.pupilId ?? ''));
      cursor = page.nextCursor === undefined ? undefined : BigInt(page.nextCursor);
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    expect(pages).toBe(3);
  });

  it('filters by user, family, pupil, kind and time', async () => {
    const { log, advance } = setup();
    await log.record(auditor, { kind: 'family-history', familyId: 'f-1', purpose });
    advance(86_400_000);
    await log.record(chair, { kind: 'pupil-state-as-of', pupilId: 'p-1', purpose });
    advance(86_400_000);
    await log.record(chair, { kind: 'evidence-pack', pupilId: 'p-2', purpose });
    const kinds = async (filter: Parameters<AccessLog['query']>[0]) =>
      (await log.query(filter, { limit: 10 })).records.map((r) => r.kind);

    expect(await kinds({ userId: 'chair-1' })).toEqual(['evidence-pack', 'pupil-state-as-of']);
    expect(await kinds({ familyId: 'f-1' })).toEqual(['family-history']);
    expect(await kinds({ pupilId: 'p-2' })).toEqual(['evidence-pack']);
    expect(await kinds({ kind: 'pupil-state-as-of' })).toEqual(['pupil-state-as-of']);
    expect(
      await kinds({
        from: new Date('2026-03-02T00:00:00Z'),
        to: new Date('2026-03-02T23:59:59.999Z'),
      }),
    ).toEqual(['pupil-state-as-of']);
  });

  it('answers an empty page before anything was read', async () => {
    const { log } = setup();
    expect(await log.query({}, { limit: 10 })).toEqual({ records: [], order: 'newest-first' });
  });
});
