import type { EventStore, RecordedEvent } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import type { CollectionDefinition, DocumentStore } from '../document-store.port';
import type { LeaseManager } from '../leases/lease-manager.port';
import {
  ACTIVE_VERSIONS,
  checkpointName,
  REBUILD_REQUESTS,
  versionedCollections,
} from '../projector/projection';
import { ProjectionReader } from '../projector/projection-reader';
import { PositionWaitTimeout, Projector, ProjectorOptions } from '../projector/projector';
import {
  Applied,
  applied,
  countingProjection,
  CountingOptions,
  Tally,
  tallies,
} from './counting-projection';

export interface ProjectorFixture {
  events: EventStore;
  documents: DocumentStore;
  leases: LeaseManager;
  teardown(): Promise<void>;
}

const TIMEOUT_MS = 10_000;

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 20) {
    if (waited > TIMEOUT_MS) throw new Error('Condition not met in time.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The projector's behaviour over one document store, event store and lease manager. */
export function describeProjectorBehaviour(name: string, setup: () => Promise<ProjectorFixture>) {
  describe(`Projector over ${name}`, () => {
    let f: ProjectorFixture;
    const running: Projector[] = [];
    let streamNo = 0;

    beforeEach(async () => {
      f = await setup();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((p) => p.stop()));
      await f.teardown();
    });

    const projector = (options: CountingOptions = {}, extra: Partial<ProjectorOptions> = {}) => {
      const p = new Projector({
        events: f.events,
        documents: f.documents,
        leases: f.leases,
        projections: [countingProjection(options)],
        batchSize: 50,
        retryMs: 20,
        leaseTtlMs: 600,
        ...extra,
      });
      running.push(p);
      return p;
    };

    /** Appends `count` events round-robin over three pupils and one family; returns the last position. */
    async function append(count: number, type = 'AttendanceWeekRecorded'): Promise<bigint> {
      let last = 0n;
      for (let i = 0; i < count; i++) {
        streamNo += 1;
        const stream = streamNo % 4 === 0 ? 'family-1' : `pupil-${streamNo % 4}`;
        const meta = {
          actor: 'u',
          role: 'caseworker',
          correlationId: 'c',
          causationId: 'c',
          occurredAt: '2025-01-06T09:00:00Z',
        };
        const result = await f.events.appendToStream(
          stream,
          [{ id: randomUUID(), type, data: {}, metadata: meta }],
          { expectedRevision: 'any' },
        );
        last = result.position;
      }
      return last;
    }

    async function pupilEvents(): Promise<RecordedEvent[]> {
      const all: RecordedEvent[] = [];
      for await (const e of f.events.readAll()) if (e.streamId.startsWith('pupil-')) all.push(e);
      return all;
    }

    async function everything<T extends object>(collection: CollectionDefinition<T>): Promise<T[]> {
      const reader = new ProjectionReader(f.documents, countingProjection());
      const items: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await reader.query(collection, { cursor, limit: 37 });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    }

    const appliedPositions = async () =>
      (await everything<Applied>(applied)).map((a) => a.position).sort();
    const expectedPositions = async () =>
      (await pupilEvents()).map((e) => e.position.toString()).sort();

    it('applies every event of its streams exactly once, before and after catching up', async () => {
      await append(230);
      const p = projector();
      p.start();
      const last = await append(30);
      await p.waitForPosition(last, TIMEOUT_MS);
      const docs = await everything<Applied>(applied);
      expect(docs.every((d) => d.times === 1)).toBe(true);
      expect(docs.map((d) => d.position).sort()).toEqual(await expectedPositions());
      const counted = (await everything<Tally>(tallies)).reduce((n, t) => n + t.count, 0);
      expect(counted).toBe((await pupilEvents()).length);
    });

    it('reports its position, caught up, with no lag', async () => {
      const last = await append(40);
      const p = projector();
      p.start();
      await p.waitForPosition(last, TIMEOUT_MS);
      const [status] = await p.status();
      expect(status).toMatchObject({
        projection: 'counting',
        state: 'running',
        position: last.toString(),
        lag: '0',
        version: 1,
      });
    });

    it('lets the event loop turn while it catches up, reporting its progress before the end', async () => {
      // A checkpoint first, so what follows is caught up page by page (not built cold).
      const first = await append(4);
      const before = projector();
      before.start();
      await before.waitForPosition(first, TIMEOUT_MS);
      await before.stop();
      const last = await append(300);
      const p = projector({}, { batchSize: 20, rebuildBatchSize: 50 });
      // Timers are what a lease's renewal and a projections thread's reports run on.
      const seen: bigint[] = [];
      const timer = setInterval(() => {
        const position = p.snapshots()[0].position;
        if (position !== undefined) seen.push(BigInt(position));
      }, 0);
      try {
        p.start();
        await p.waitForPosition(last, TIMEOUT_MS);
      } finally {
        clearInterval(timer);
      }
      expect(seen.filter((position) => position > first && position < last).length).toBeGreaterThan(
        1,
      );
    });

    it('resumes from its checkpoint after a stop mid-way and applies nothing twice', async () => {
      await append(120);
      const stopAt = (await pupilEvents())[45].position;
      let reached!: () => void;
      const atStop = new Promise<void>((resolve) => (reached = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = projector(
        {
          beforeApply: async (e) => {
            if (e.position !== stopAt) return;
            reached();
            await held;
          },
        },
        { batchSize: 10 },
      );
      first.start();
      await atStop;
      const stopping = first.stop();
      release();
      await stopping;
      const checkpoint = await f.documents.getCheckpoint(checkpointName('counting', 1));
      expect(BigInt(checkpoint ?? '0')).toBeLessThan((await pupilEvents()).slice(-1)[0].position);

      const last = await append(15);
      const second = projector();
      second.start();
      await second.waitForPosition(last, TIMEOUT_MS);
      const docs = await everything<Applied>(applied);
      expect(docs.every((d) => d.times === 1)).toBe(true);
      expect(docs.map((d) => d.position).sort()).toEqual(await expectedPositions());
    });

    describe('on a poison event', () => {
      let poison: bigint;
      let beforePoison: bigint;
      let p: Projector;

      beforeEach(async () => {
        streamNo = 0; // the next event goes to pupil-1
        await append(6);
        const events = await pupilEvents();
        beforePoison = events[events.length - 1].position;
        poison = await appendTo('pupil-2', 'Poison');
        await append(5);
        p = projector({}, { batchSize: 100 });
        p.start();
      });

      async function appendTo(stream: string, type: string): Promise<bigint> {
        const meta = {
          actor: 'u',
          role: 'caseworker',
          correlationId: 'c',
          causationId: 'c',
          occurredAt: '2025-01-06T09:00:00Z',
        };
        return (
          await f.events.appendToStream(
            stream,
            [{ id: randomUUID(), type, data: {}, metadata: meta }],
            { expectedRevision: 'any' },
          )
        ).position;
      }

      it('stops and reports the position of the event it could not apply', async () => {
        await expect(p.waitForPosition(poison, TIMEOUT_MS)).rejects.toMatchObject({
          position: poison,
        });
        const [status] = await p.status();
        expect(status).toMatchObject({ state: 'failed', failedAt: poison.toString() });
      });

      it('keeps everything before the poison event and does not move its checkpoint past it', async () => {
        await expect(p.waitForPosition(poison, TIMEOUT_MS)).rejects.toThrow(/Poison/);
        await expect(f.documents.getCheckpoint(checkpointName('counting', 1))).resolves.toBe(
          beforePoison.toString(),
        );
        expect(await appliedPositions()).toEqual(
          (await pupilEvents())
            .filter((e) => e.position < poison)
            .map((e) => e.position.toString())
            .sort(),
        );
      });
    });

    describe('rebuilding', () => {
      it('produces documents equal to the live ones, in a new version', async () => {
        const last = await append(140);
        const p = projector();
        p.start();
        await p.waitForPosition(last, TIMEOUT_MS);
        const live = { tallies: await everything(tallies), applied: await everything(applied) };
        await p.rebuild('counting');
        await expect(f.documents.get(ACTIVE_VERSIONS, 'counting')).resolves.toEqual({
          version: 2,
          builtWith: 1,
        });
        expect({ tallies: await everything(tallies), applied: await everything(applied) }).toEqual(
          live,
        );
      });

      it('serves reads from the old version until the switch, then drops it', async () => {
        const last = await append(60);
        let rebuilding = false;
        let reached!: () => void;
        const inRebuild = new Promise<void>((resolve) => (reached = resolve));
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const p = projector({
          beforeApply: async () => {
            if (!rebuilding) return;
            reached();
            await held;
          },
        });
        p.start();
        await p.waitForPosition(last, TIMEOUT_MS);
        const live = await everything(tallies);
        rebuilding = true;
        const rebuilt = p.rebuild('counting');
        await inRebuild;
        expect(await everything(tallies)).toEqual(live);
        rebuilding = false;
        release();
        await rebuilt;
        expect(await everything(tallies)).toEqual(live);
        const oldVersion = versionedCollections(countingProjection(), 1).get('tallies');
        expect((await f.documents.query(oldVersion as CollectionDefinition<Tally>)).items).toEqual(
          [],
        );
      });

      it('rebuilds by itself when it starts with a new version of the projection', async () => {
        const v1 = projector();
        v1.start();
        const last = await append(50);
        await v1.waitForPosition(last, TIMEOUT_MS);
        const live = await everything(applied);
        await v1.stop();
        const v2 = projector({ version: 2 });
        v2.start();
        // Until the switch, the old version serves reads and has reached `last` already.
        await until(async () => (await v2.status())[0].version === 2);
        await v2.waitForPosition(last, TIMEOUT_MS);
        await expect(f.documents.get(ACTIVE_VERSIONS, 'counting')).resolves.toEqual({
          version: 2,
          builtWith: 2,
        });
        expect(await everything(applied)).toEqual(live);
      });

      it('stops a rebuild at an event the new version cannot apply, naming it, and keeps serving the old', async () => {
        const v1 = projector();
        v1.start();
        const last = await append(50);
        await v1.waitForPosition(last, TIMEOUT_MS);
        const live = await everything(applied);
        await v1.stop();
        const feed: bigint[] = [];
        for await (const e of f.events.readAll()) feed.push(e.position);
        const poison = (await pupilEvents())[20].position;
        const v2 = projector({
          version: 2,
          beforeApply: (e) => {
            if (e.position === poison) throw new Error('Version 2 cannot project this event.');
          },
        });
        v2.start();
        await until(async () => (await v2.status())[0].state === 'failed');
        expect((await v2.status())[0]).toMatchObject({ failedAt: poison.toString() });
        await expect(f.documents.get(ACTIVE_VERSIONS, 'counting')).resolves.toEqual({
          version: 1,
          builtWith: 1,
        });
        expect(await everything(applied)).toEqual(live);
        // Version 2 was built again page by page: it holds everything before the event.
        const before = feed.filter((p) => p < poison).pop();
        await expect(f.documents.getCheckpoint(checkpointName('counting', 2))).resolves.toBe(
          before?.toString(),
        );
      });

      it('keeps applying new events after the switch', async () => {
        const p = projector();
        p.start();
        await p.waitForPosition(await append(30), TIMEOUT_MS);
        await p.rebuild('counting');
        await p.waitForPosition(await append(30), TIMEOUT_MS);
        const docs = await everything<Applied>(applied);
        expect(docs.every((d) => d.times === 1)).toBe(true);
        expect(docs.map((d) => d.position).sort()).toEqual(await expectedPositions());
      });
    });

    describe('in a process that does not run it (an api with RUN_PROJECTIONS=false)', () => {
      it('answers read-your-writes from the checkpoints the worker writes', async () => {
        const worker = projector({ by: 'worker' }, { owner: 'worker' });
        const api = projector({}, { owner: 'api' }); // never started
        worker.start();
        const last = await append(60);
        await api.waitForPosition(last, TIMEOUT_MS);
        expect(await appliedPositions()).toEqual(await expectedPositions());
      });

      it('times out rather than answer before the worker has reached the position', async () => {
        const api = projector({}, { owner: 'api' });
        const last = await append(5);
        await expect(api.waitForPosition(last, 200)).rejects.toBeInstanceOf(PositionWaitTimeout);
      });

      it('reports the version and position the worker has reached', async () => {
        const worker = projector({}, { owner: 'worker' });
        const api = projector({}, { owner: 'api' });
        worker.start();
        const last = await append(20);
        await worker.waitForPosition(last, TIMEOUT_MS);
        const [status] = await api.status();
        expect(status).toMatchObject({
          state: 'stopped',
          version: 1,
          position: last.toString(),
          lag: '0',
        });
      });
    });

    describe('a rebuild asked for by another process', () => {
      it('is done by the process that runs the projection, which then serves the new version', async () => {
        const worker = projector({}, { owner: 'worker', requestPollMs: 20 });
        const cli = projector({}, { owner: 'cli' }); // never started: it only asks
        worker.start();
        await worker.waitForPosition(await append(50), TIMEOUT_MS);
        const live = await everything(applied);
        await expect(cli.requestRebuild('counting')).resolves.toEqual({ fromVersion: 1 });
        await until(
          async () => (await f.documents.get(ACTIVE_VERSIONS, 'counting'))?.version === 2,
        );
        await until(async () => (await cli.status())[0].rebuildRequested === undefined);
        expect(await everything(applied)).toEqual(live);
        const last = await append(10);
        await cli.waitForPosition(last, TIMEOUT_MS);
        expect(await appliedPositions()).toEqual(await expectedPositions());
      });

      it('is refused for a name no projection has, listing the names there are', async () => {
        await expect(projector().requestRebuild('caseloads')).rejects.toThrow(
          'There is no projection named "caseloads"; the projections are: counting.',
        );
        await expect(f.documents.get(REBUILD_REQUESTS, 'caseloads')).resolves.toBeUndefined();
      });
    });

    describe('with two workers competing for the lease', () => {
      it('lets only one of them apply events', async () => {
        const a = projector({ by: 'a' }, { owner: 'a' });
        const b = projector({ by: 'b' }, { owner: 'b' });
        a.start();
        b.start();
        const last = await append(80);
        await Promise.all([
          a.waitForPosition(last, TIMEOUT_MS),
          b.waitForPosition(last, TIMEOUT_MS),
        ]);
        const docs = await everything<Applied>(applied);
        expect(new Set(docs.map((d) => d.by)).size).toBe(1);
        expect(docs.every((d) => d.times === 1)).toBe(true);
        const states = [(await a.status())[0].state, (await b.status())[0].state].sort();
        expect(states).toEqual(['running', 'standby']);
      });

      it('hands over to the other when the owner stops', async () => {
        const a = projector({ by: 'a' }, { owner: 'a' });
        a.start();
        await a.waitForPosition(await append(40), TIMEOUT_MS);
        const b = projector({ by: 'b' }, { owner: 'b' });
        b.start();
        await a.stop();
        const last = await append(40);
        await b.waitForPosition(last, TIMEOUT_MS);
        const docs = await everything<Applied>(applied);
        expect(docs.every((d) => d.times === 1)).toBe(true);
        expect(docs.map((d) => d.position).sort()).toEqual(await expectedPositions());
        const later = docs.filter((d) => BigInt(d.position) > last - 40n);
        expect(later.every((d) => d.by === 'b')).toBe(true);
      });

      it('reads again what the other wrote while it did not hold the lease, not what it had cached', async () => {
        const a = projector({ by: 'a' }, { owner: 'a' });
        a.start();
        await a.waitForPosition(await append(40), TIMEOUT_MS);
        const b = projector({ by: 'b' }, { owner: 'b' });
        b.start();
        // a's lease goes to b: a sees it at its next renewal and stands by.
        await f.leases.release('projection:counting', 'a');
        await until(async () => (await b.status())[0].state === 'running');
        await until(async () => (await a.status())[0].state === 'standby');
        await b.waitForPosition(await append(40), TIMEOUT_MS);
        await b.stop();
        const last = await append(40);
        await a.waitForPosition(last, TIMEOUT_MS);
        expect((await a.status())[0].state).toBe('running');
        const docs = await everything<Applied>(applied);
        expect(docs.every((d) => d.times === 1)).toBe(true);
        expect(new Set(docs.map((d) => d.by))).toEqual(new Set(['a', 'b']));
        // The tallies a had cached before b's events would miss them.
        const tallied = (await everything<Tally>(tallies)).flatMap((t) => t.positions).sort();
        expect(tallied).toEqual(await expectedPositions());
      });

      it('takes over from a worker that died holding the lease once it expires', async () => {
        await f.leases.acquire('projection:counting', 'dead-worker', 300);
        const b = projector({ by: 'b' }, { owner: 'b' });
        b.start();
        const last = await append(40);
        await b.waitForPosition(last, TIMEOUT_MS);
        const docs = await everything<Applied>(applied);
        expect(docs.every((d) => d.by === 'b' && d.times === 1)).toBe(true);
        expect(docs.map((d) => d.position).sort()).toEqual(await expectedPositions());
      });
    });
  });
}
