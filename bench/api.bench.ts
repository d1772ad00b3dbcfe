/**
 * npm run bench:api — the API's latency and throughput on the embedded default (SQLite), each
 * process on its own: the app (bench/api/app-server.ts, as `npm start` runs it), a bare NestJS
 * endpoint doing one durable SQLite insert on Express and on Fastify (bench/api/bare-server.ts),
 * and the load generator, autocannon, in a fresh process for each run (bench/api/load.ts).
 *
 * Pupils with a school year of history (BENCH_PUPILS, default 50; 39 school weeks through the
 * history generator, the real command path: weekly registers, concerns, conversations, support…)
 * are written into the app's store before it starts, then topped up over HTTP with conversations to
 * at least 60 events each (pupils whose journey refuses one, closed cases, are left out); as many
 * fresh pupils (registered only) are added over HTTP. The runs start once the projections have
 * caught up.
 *
 * Runs, each BENCH_SECONDS (default 6) with BENCH_CONNECTIONS (default 10), one after another:
 * the two bare endpoints, then a query (the pupil's journey) and a command (record a
 * conversation) on history pupils, then the same on fresh ones (queried before the command run
 * adds to their streams). One JSON line per figure: p50 and p99
 * in ms, throughput in requests/s (autocannon's mean per second), and the server process's CPU
 * time per request in ms (all its threads: the app's includes the projections its commands cause,
 * each other thread's listed as `otherThreads`; and its main thread alone), which a busy
 * machine's other processes change much less than the others, with the run's context.
 * Last, the history runs again in fresh app processes on the same store, one after another: with
 * the pages on and with WEB_PAGES=false (the API alone) on Express, printed side by side with the
 * on/off throughput ratio (the web pages must not slow the API); then the same two on Fastify
 * (HTTP_ADAPTER=fastify), each printed beside its Express side (`adapter` and `webPages` in each
 * line's context: `….whole-app.on-express`/`.on-fastify` with the pages on, `….on-express`/
 * `.on-fastify` for the API alone) with the fastify/express throughput ratio.
 *
 * Each app process is warmed up first (BENCH_WARMUP_SECONDS, default 3, of unmeasured queries on
 * all its pupils and commands on history pupils): otherwise the first timed run, on history pupils,
 * also pays for compiling the hot paths, and history seemed to cost what was only warm-up.
 *
 * BENCH_PROFILE_DIR: also profile the app's main thread during each run (history and fresh, query
 * and command apart, and in the fresh processes), keep the profiles there and print each one's split between the HTTP
 * framework and the application (bench/api/profile-split.ts). Profiling slows the runs it covers.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, TokenService } from '@app/application';
import { generateHistory } from '@app/application/testing/history-generator';
import { SqliteEventStore } from '@app/event-store';
import type { LoadSettings } from './api/load';
import { type Profile, profileLines } from './api/profile-split';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PUPILS = Number(process.env.BENCH_PUPILS ?? 50);
const SEED = Number(process.env.BENCH_SEED ?? 15);
/** Unmeasured load on each app process before its first timed run (see warmUp). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SCHOOL_WEEKS = 39;
/** A school year's weekly registers and about 20 other events. */
const HISTORY_EVENTS = 60;
const NODE = ['-r', '@swc-node/register'];
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR && path.resolve(process.env.BENCH_PROFILE_DIR);

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts a server process and waits for the `{"url":…}` line it prints once listening. */
function startServer(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, ...NODE, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before listening`)),
    );
  });
}

/** SIGTERM (the app exits cleanly, writing a profile if asked), then SIGKILL after 5 s. */
function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.child.kill('SIGKILL'), 5000);
    server.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.child.kill('SIGTERM');
  });
}

/**
 * The CPU seconds a process has used (utime + stime, in clock ticks of 1/100 s), or with `thread`
 * one of its threads (the main thread's id is the process's).
 */
function cpuSecondsOf(pid: number, thread?: number): number {
  const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Each thread's CPU seconds (by thread id) of a process. */
function threadCpuSecondsOf(pid: number): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const thread of fs.readdirSync(`/proc/${pid}/task`).map(Number))
    try {
      seconds.set(thread, cpuSecondsOf(pid, thread));
    } catch {
      // the thread ended between the listing and the read
    }
  return seconds;
}

/** Waits (up to a minute) until the process used under 0.1 s of CPU in a second; the seconds waited. */
async function settle(pid: number): Promise<number> {
  const cpu = () => cpuSecondsOf(pid);
  const started = Date.now();
  for (let before = cpu(); Date.now() - started < 60_000;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpu();
    if (now - before < 0.1) break;
    before = now;
  }
  return (Date.now() - started) / 1000;
}

/**
 * Starts a CPU profile of an app server's main thread (bench/api/app-server.ts with
 * BENCH_PROFILE_DIR: SIGUSR2 starts it, the next writes it); `stop` moves it to `file`.
 */
async function startProfile(pid: number) {
  const before = new Set(fs.readdirSync(PROFILE_DIR!));
  process.kill(pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    async stop(file: string): Promise<string> {
      process.kill(pid, 'SIGUSR2');
      for (let waited = 0; waited < 30_000; waited += 100) {
        const written = fs
          .readdirSync(PROFILE_DIR!)
          .find((f) => f.startsWith(`${pid}-`) && f.endsWith('.cpuprofile') && !before.has(f));
        if (written) {
          fs.renameSync(path.join(PROFILE_DIR!, written), file);
          return file;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no profile from ${pid}`);
    },
  };
}

interface LoadResult {
  /** The server's CPU time over the run divided by the requests answered (all its threads). */
  cpuMsPerRequest?: number;
  /** The same for its main thread alone (the app's projections run on a thread of their own). */
  mainThreadCpuMsPerRequest?: number;
  /**
   * Each other thread's, largest first: the projections' thread (a command's projection work) and
   * V8's (garbage collection, compilation) apart.
   */
  otherThreadsCpuMsPerRequest?: number[];
  /** The machine's load average (1 minute) as the run ended. */
  loadAverage1m?: number;
  p50: number;
  p99: number;
  throughput: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One autocannon run in a process of its own. */
function load(settings: LoadSettings): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [...NODE, path.join(__dirname, 'api', 'load.ts'), JSON.stringify(settings)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as LoadResult)
        : reject(new Error(`load: ${code}`)),
    ),
  );
}

async function seedHistory(dataDir: string) {
  const store = new SqliteEventStore({ file: path.join(dataDir, 'events.db') });
  const started = Date.now();
  await generateHistory(store, { seed: SEED, pupils: PUPILS, schoolWeeks: SCHOOL_WEEKS });
  const perPupil = new Map<string, number>();
  for await (const e of store.readAll())
    if (e.streamId.startsWith('pupil-'))
      perPupil.set(e.streamId, (perPupil.get(e.streamId) ?? 0) + 1);
  await store.close();
  return {
    pupils: [...perPupil].map(([streamId, events]) => ({
      id: streamId.slice('pupil-'.length),
      events,
    })),
    seconds: (Date.now() - started) / 1000,
  };
}

const conversation = JSON.stringify({
  heldOn: '2025-06-20',
  withWhom: ['pupil'],
  barriers: ['anxiety'],
  agreedNextSteps: ['Check-in'],
});

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const servers: Server[] = [];
  try {
    const history = await seedHistory(dataDir);
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(PROFILE_DIR ? { BENCH_PROFILE_DIR: PROFILE_DIR } : {}),
      RATE_LIMIT_PER_PRINCIPAL: '10000000',
      RATE_LIMIT_PER_IP: '10000000',
    };
    // BENCH_APP_NODE_ARGS: extra node flags for the app's process (e.g. --cpu-prof, written when
    // the bench ends it with SIGTERM).
    const appNodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const app = await startServer(
      path.join(__dirname, 'api', 'app-server.ts'),
      [],
      env,
      appNodeArgs,
    );
    servers.push(app);
    const bare = {
      express: await startServer(path.join(__dirname, 'api', 'bare-server.ts'), ['express'], env),
      fastify: await startServer(path.join(__dirname, 'api', 'bare-server.ts'), ['fastify'], env),
    };
    servers.push(bare.express, bare.fastify);

    const token = await new TokenService(loadConfig(env).auth).issue({
      sub: 'bench',
      role: 'attendance-officer',
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (url: string, body: string) => fetch(url, { method: 'POST', headers, body });

    // History pupils whose journey takes a conversation (closed cases do not), topped up with
    // conversations to at least HISTORY_EVENTS events; and fresh pupils, registered only.
    const historyPupils: string[] = [];
    let historyEvents = 0;
    let position = '0';
    for (const { id, events } of history.pupils) {
      for (let n = events; n < Math.max(HISTORY_EVENTS, events + 1); n += 1) {
        const response = await post(`${app.url}/pupils/${id}/conversations`, conversation);
        if (!response.ok) break;
        position = ((await response.json()) as { position: string }).position;
        if (n === events) historyPupils.push(id);
        historyEvents += 1;
      }
      if (historyPupils.at(-1) === id) historyEvents += events;
    }
    const eventsPerPupil = Math.round(historyEvents / historyPupils.length);
    const freshPupils: string[] = [];
    for (let i = 0; i < PUPILS; i += 1) {
      const response = await post(
        `${app.url}/pupils`,
        JSON.stringify({
          reference: `FRESH-${i}`,
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
        }),
      );
      const body = (await response.json()) as { pupilId: string; position: string };
      freshPupils.push(body.pupilId);
      position = body.position;
    }
    // The projections catch up with the seeded history before anything is timed, and so do the
    // process managers and the transparency log, which say nothing: the app is left until its
    // process uses under a tenth of a core.
    while (!(await fetch(`${app.url}/caseloads?position=${position}`, { headers })).ok);
    const settled = await settle(app.child.pid!);

    const context = {
      durationSeconds: SECONDS,
      connections: CONNECTIONS,
      store: 'sqlite',
      node: process.version,
      cpus: os.cpus().length,
    };
    const report = (name: string, r: LoadResult, extra: Record<string, unknown> = {}) => {
      const all = {
        ...context,
        adapter: 'express',
        ...extra,
        loadAverage1m: r.loadAverage1m ?? os.loadavg()[0],
      };
      console.log(
        JSON.stringify({ name: `${name}.latency.p50`, value: r.p50, unit: 'ms', ...all }),
      );
      console.log(
        JSON.stringify({ name: `${name}.latency.p99`, value: r.p99, unit: 'ms', ...all }),
      );
      for (const [figure, value, more] of [
        ['cpu-per-request', r.cpuMsPerRequest, { otherThreads: r.otherThreadsCpuMsPerRequest }],
        ['cpu-per-request.main-thread', r.mainThreadCpuMsPerRequest, {}],
      ] as const)
        if (value !== undefined)
          console.log(
            JSON.stringify({ name: `${name}.${figure}`, value, unit: 'ms', ...all, ...more }),
          );
      console.log(
        JSON.stringify({
          name: `${name}.throughput`,
          value: Math.round(r.throughput),
          unit: 'requests/s',
          ok: r.ok,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          ...all,
        }),
      );
    };
    // Each run also says what the server spent in CPU per request: on a machine whose cores other
    // processes share, throughput and latency follow their load, CPU per request much less.
    const run = async (
      server: Server,
      method: 'GET' | 'POST',
      paths: string[],
      body?: string,
      profileAs?: string,
    ): Promise<LoadResult> => {
      const pid = server.child.pid!;
      const profiling = PROFILE_DIR !== undefined && profileAs !== undefined;
      const profiled = profiling ? await startProfile(pid) : undefined;
      const cpuBefore = cpuSecondsOf(pid);
      const mainBefore = cpuSecondsOf(pid, pid);
      const threadsBefore = threadCpuSecondsOf(pid);
      const result = await load({
        url: server.url,
        method,
        paths,
        headers,
        body,
        durationSeconds: SECONDS,
        connections: CONNECTIONS,
      });
      const requests = result.ok + result.non2xx;
      const perRequest = (seconds: number) =>
        requests ? Math.round(((seconds * 1000) / requests) * 100) / 100 : 0;
      const cpuMsPerRequest = perRequest(cpuSecondsOf(pid) - cpuBefore);
      const mainThreadCpuMsPerRequest = perRequest(cpuSecondsOf(pid, pid) - mainBefore);
      const otherThreadsCpuMsPerRequest = [...threadCpuSecondsOf(pid)]
        .filter(([thread]) => thread !== pid)
        .map(([thread, seconds]) => perRequest(seconds - (threadsBefore.get(thread) ?? 0)))
        .filter((ms) => ms > 0)
        .sort((a, b) => b - a);
      if (profiled) {
        const file = await profiled.stop(path.join(PROFILE_DIR!, `${profileAs}.cpuprofile`));
        const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
        for (const line of profileLines(profile, mainThreadCpuMsPerRequest, {
          run: profileAs,
          profile: file,
        }))
          console.log(line);
      }
      return {
        ...result,
        cpuMsPerRequest,
        mainThreadCpuMsPerRequest,
        otherThreadsCpuMsPerRequest,
        loadAverage1m: os.loadavg()[0],
      };
    };

    // A process's first seconds under load compile its hot paths: unmeasured, the journey query
    // on every pupil and the command on history pupils (the fresh ones stay fresh), so the first
    // timed run (history) does not pay for the JIT that the next one (fresh) finds done.
    const warmUp = async (server: Server, pupils: { history: string[]; fresh?: string[] }) => {
      if (WARMUP_SECONDS <= 0) return;
      const common = {
        url: server.url,
        headers,
        durationSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
      };
      await load({
        ...common,
        method: 'GET',
        paths: [...pupils.history, ...(pupils.fresh ?? [])].map((id) => `/pupils/${id}`),
      });
      await load({
        ...common,
        method: 'POST',
        paths: pupils.history.map((id) => `/pupils/${id}/conversations`),
        body: conversation,
      });
      await settle(server.child.pid!);
    };
    await warmUp(app, { history: historyPupils, fresh: freshPupils });

    for (const platform of ['express', 'fastify'] as const)
      report(
        `bare.${platform}.durable-insert`,
        await run(bare[platform], 'POST', ['/facts'], JSON.stringify({ fact: 'x'.repeat(200) })),
        { adapter: platform },
      );
    for (const [kind, pupils, extra] of [
      ['history', historyPupils, { pupils: historyPupils.length, eventsPerPupil }],
      ['fresh', freshPupils, { pupils: freshPupils.length }],
    ] as const) {
      // What one journey weighs on the wire: a view that grows with history costs with it.
      let bytes = 0;
      for (const id of pupils)
        bytes += (await (await fetch(`${app.url}/pupils/${id}`, { headers })).arrayBuffer())
          .byteLength;
      console.log(
        JSON.stringify({
          name: `api.query.pupil-journey.${kind}.response-size`,
          value: Math.round(bytes / pupils.length),
          unit: 'bytes',
          ...extra,
        }),
      );
      report(
        `api.query.pupil-journey.${kind}`,
        await run(
          app,
          'GET',
          pupils.map((id) => `/pupils/${id}`),
          undefined,
          `${kind}.query`,
        ),
        extra,
      );
      report(
        `api.command.record-conversation.${kind}`,
        await run(
          app,
          'POST',
          pupils.map((id) => `/pupils/${id}/conversations`),
          conversation,
          `${kind}.command`,
        ),
        extra,
      );
    }
    // The web pages must not slow the API: the history runs again on the same store in two fresh
    // processes, the app as npm start runs it and the API alone (WEB_PAGES=false), each started
    // and left to settle the same way (a long-running process carries the rate limiter's window of
    // hits, so only fresh ones compare), printed side by side with the on/off throughput ratio.
    await stop(app);
    const historyRuns = async (extraEnv: Record<string, string>, profileAs: string) => {
      const server = await startServer(
        path.join(__dirname, 'api', 'app-server.ts'),
        [],
        { ...env, ...extraEnv },
        appNodeArgs,
      );
      servers.push(server);
      while (!(await fetch(`${server.url}/caseloads`, { headers })).ok);
      await settle(server.child.pid!);
      await warmUp(server, { history: historyPupils });
      const query = await run(
        server,
        'GET',
        historyPupils.map((id) => `/pupils/${id}`),
        undefined,
        `${profileAs}.query`,
      );
      await settle(server.child.pid!);
      const command = await run(
        server,
        'POST',
        historyPupils.map((id) => `/pupils/${id}/conversations`),
        conversation,
        `${profileAs}.command`,
      );
      await stop(server);
      return { query, command };
    };
    const pagesOn = await historyRuns({}, 'express-pages-on');
    const pagesOff = await historyRuns({ WEB_PAGES: 'false' }, 'express');
    const fastifyPagesOn = await historyRuns({ HTTP_ADAPTER: 'fastify' }, 'fastify-pages-on');
    const fastify = await historyRuns({ WEB_PAGES: 'false', HTTP_ADAPTER: 'fastify' }, 'fastify');
    for (const [name, kind] of [
      ['api.query.pupil-journey.history', 'query'],
      ['api.command.record-conversation.history', 'command'],
    ] as const) {
      const extra = { pupils: historyPupils.length, processes: 'fresh, one per side' };
      report(`${name}.pages-on`, pagesOn[kind], extra);
      report(`${name}.pages-off`, pagesOff[kind], extra);
      console.log(
        JSON.stringify({
          name: `${name}.throughput.pages-on-over-off`,
          value: Math.round((pagesOn[kind].throughput / pagesOff[kind].throughput) * 1000) / 1000,
          unit: 'ratio',
          ...extra,
        }),
      );
    }
    // Each HTTP platform in fresh processes one after the other: the whole app (the pages on) and
    // the API alone (WEB_PAGES=false); the Express sides are the runs above.
    for (const [name, kind] of [
      ['api.query.pupil-journey.history', 'query'],
      ['api.command.record-conversation.history', 'command'],
    ] as const)
      for (const [side, webPages, onExpress, onFastify] of [
        [`${name}.whole-app`, true, pagesOn, fastifyPagesOn],
        [name, false, pagesOff, fastify],
      ] as const) {
        const extra = { pupils: historyPupils.length, processes: 'fresh, one per side', webPages };
        report(`${side}.on-express`, onExpress[kind], { ...extra, adapter: 'express' });
        report(`${side}.on-fastify`, onFastify[kind], { ...extra, adapter: 'fastify' });
        console.log(
          JSON.stringify({
            name: `${side}.throughput.fastify-over-express`,
            value:
              Math.round((onFastify[kind].throughput / onExpress[kind].throughput) * 1000) / 1000,
            unit: 'ratio',
            ...extra,
          }),
        );
      }
    console.log(JSON.stringify({ name: 'setup.app-settled-after', value: settled, unit: 's' }));
    console.log(
      JSON.stringify({
        name: 'setup.history-generation',
        value: history.seconds,
        unit: 's',
        pupils: PUPILS,
        schoolWeeks: SCHOOL_WEEKS,
      }),
    );
  } finally {
    await Promise.all(servers.map(stop));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
