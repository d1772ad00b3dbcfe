/**
 * Exactly once under crashes: the real api process on the embedded default (SQLite) takes keyed
 * requests from concurrent clients (register a pupil, register a family, raise a concern) and is
 * SIGKILLed at a random moment, five times. Requests cut off may or may not have written their
 * events; their keys are left unfinished. Then every request ever sent (answered or not) is sent
 * again with its key and its bytes: each must be answered as the first answer was (the same ids),
 * and each effect must be in the store exactly once.
 */
import { loadConfig, TokenService } from '@app/application';
import { type RecordedEvent, SqliteEventStore } from '@app/event-store';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Prng } from '@app/application/testing/prng';
import { startApiProcess } from './support/api-process';

const ROUNDS = 5;
const CLIENTS = 8;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Kind = 'pupil' | 'family' | 'concern';
interface Sent {
  key: string;
  kind: Kind;
  path: string;
  body: string;
  /** The first answer, when one came back before the kill. */
  answer?: { status: number; body: Record<string, unknown> };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('keyed requests to an api killed at random moments', () => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let api: ChildProcess | undefined;
  afterAll(() => {
    api?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves every effect, answered or retried, in the store exactly once', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-crash-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const config = loadConfig({ DATA_DIR: dataDir });
    const token = await new TokenService(config.auth).issue({
      sub: 'officer-1',
      role: 'attendance-officer',
    });
    const rng = new Prng(20261204);
    const started = Date.now();

    /** Each request's effects in the store (the ids of the entities its key's marker names). */
    const effectsInStore = async () => {
      const events: RecordedEvent[] = [];
      const store = new SqliteEventStore({ file: path.join(dataDir, 'events.db') });
      try {
        for await (const e of store.readAll()) events.push(e);
      } finally {
        await store.close();
      }
      const effects = new Map<string, string[]>();
      for (const e of events) {
        const marker =
          e.type === 'PupilRegistered' || e.type === 'FamilyRegistered'
            ? e.data.reference
            : e.type === 'ConcernRaised'
              ? e.data.summary
              : undefined;
        const id = e.data.pupilId ?? e.data.familyId ?? e.data.concernId;
        if (typeof marker === 'string' && marker.startsWith('crash-key-'))
          effects.set(marker, [...(effects.get(marker) ?? []), String(id)]);
      }
      return effects;
    };

    const start = () =>
      startApiProcess(dataDir, port, {
        // Nothing projects: the requests write events only (no process manager adds any).
        RUN_PROJECTIONS: 'false',
        RUN_PROCESS_MANAGERS: 'false',
        // A key its killed request left unfinished is taken again after a second, not a minute.
        IDEMPOTENCY_IN_PROGRESS_MS: '1000',
      });
    const send = async (s: Sent) => {
      const response = await fetch(`${base}${s.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': s.key,
        },
        body: s.body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    // Pupils for the concerns, registered before any kill.
    api = await start();
    const pupils: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await fetch(`${base}/pupils`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(pupilBody(`BASE-${i}`)),
      });
      pupils.push(((await r.json()) as { pupilId: string }).pupilId);
    }

    const sent: Sent[] = [];
    let n = 0;
    const next = (): Sent => {
      n += 1;
      const key = `crash-key-${String(n).padStart(5, '0')}`;
      const kind = (['pupil', 'family', 'concern'] as const)[rng.int(0, 2)];
      if (kind === 'pupil')
        return { key, kind, path: '/pupils', body: JSON.stringify(pupilBody(key)) };
      if (kind === 'family')
        return { key, kind, path: '/families', body: JSON.stringify({ reference: key }) };
      const pupil = pupils[rng.int(0, pupils.length - 1)];
      return {
        key,
        kind,
        path: `/pupils/${pupil}/concerns`,
        body: JSON.stringify({ summary: key }),
      };
    };

    for (let round = 1; round <= ROUNDS; round += 1) {
      if (!api) api = await start();
      const running = api;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      let sending = true;
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (sending) {
          const s = next();
          sent.push(s);
          try {
            s.answer = await send(s);
          } catch {
            // cut off by the kill: no answer
          }
        }
      });
      await sleep(300 + rng.int(0, 1200));
      // Requests in flight now are cut off wherever they are: before, during or after their append.
      sending = false;
      running.kill('SIGKILL');
      await exited;
      await Promise.all(clients);
      api = undefined;
    }

    // The requests cut off after their events were committed (the window the keys alone missed).
    const cutOff = sent.filter((s) => !s.answer);
    const writtenBeforeRetry = new Set((await effectsInStore()).keys());
    const cutOffButWritten = cutOff.filter((s) => writtenBeforeRetry.has(s.key)).length;

    // Every request again, with its key and its bytes, until none is held back as in progress.
    api = await start();
    const retried = new Map<string, { status: number; body: Record<string, unknown> }>();
    for (let pending = [...sent]; pending.length;) {
      const held: Sent[] = [];
      for (let i = 0; i < pending.length; i += CLIENTS)
        await Promise.all(
          pending.slice(i, i + CLIENTS).map(async (s) => {
            const answer = await send(s);
            if (answer.status === 409) held.push(s);
            else retried.set(s.key, answer);
          }),
        );
      pending = held;
      if (pending.length) await sleep(1100);
    }
    api.kill('SIGTERM');
    await new Promise((resolve) => api!.once('exit', resolve));
    api = undefined;

    // Every retry succeeded, and answered a request already answered with the same ids.
    const idOf = (s: Sent, body: Record<string, unknown>) =>
      body[s.kind === 'pupil' ? 'pupilId' : s.kind === 'family' ? 'familyId' : 'concernId'];
    for (const s of sent) {
      const again = retried.get(s.key)!;
      expect({ key: s.key, status: again.status }).toEqual({
        key: s.key,
        status: s.answer?.status ?? 201,
      });
      if (s.answer)
        expect({ key: s.key, id: idOf(s, again.body) }).toEqual({
          key: s.key,
          id: idOf(s, s.answer.body),
        });
    }

    // Each effect is in the store exactly once, under the id the answers gave.
    const effects = await effectsInStore();
    for (const s of sent)
      expect({ key: s.key, ids: effects.get(s.key) }).toEqual({
        key: s.key,
        ids: [String(idOf(s, retried.get(s.key)!.body))],
      });
    expect(effects.size).toBe(sent.length);

    console.log(
      JSON.stringify({
        rounds: ROUNDS,
        clients: CLIENTS,
        requests: sent.length,
        answeredBeforeKill: sent.length - cutOff.length,
        cutOff: cutOff.length,
        cutOffButWritten,
        effectsChecked: effects.size,
        seconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  });
});

function pupilBody(reference: string) {
  return {
    reference,
    dateOfBirth: '2012-05-10',
    schoolId: 'school-a',
    schoolType: 'academy',
    yearGroup: 8,
  };
}
