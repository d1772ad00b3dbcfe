/**
 * npm run bench:import — a 220,000-pupil LA's week of registers (about 2.2 million session marks)
 * imported on the embedded default (SQLite in a temp DATA_DIR, in-process scheduler), the way the
 * API imports: the file is received and hashed, the import runs as a job on the scheduler, rows are
 * checked, pupils matched by UPN, marks recorded through the pupil decider in batches. Pupils are
 * registered first and timed separately. One JSON line per figure. BENCH_PUPILS / BENCH_SCHOOLS
 * shrink it for a quick run.
 *
 * BENCH_PROJECTIONS says where the projections run while the import does:
 *   thread (default) — as `npm start` runs them: on the projections thread of the same process;
 *   main             — PROJECTIONS_THREAD=false: on the main thread, taking turns with the import;
 *   paused           — stopped during the import and started after it (as if a worker ran them).
 * BENCH_PROJECTIONS=thread,main runs each in turn, on fresh data, for a side-by-side comparison.
 * BENCH_CPU_PROFILE=<dir> writes a CPU profile of the main thread during the import there.
 * PROJECTION_* variables (PROJECTION_REBUILD_CACHE_DOCUMENTS…) are passed to the app's configuration.
 * The process managers (monitor rules, deadlines) do not run here (RUN_PROCESS_MANAGERS=false);
 * what they cost is bench:process-managers' to measure.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AppConfig,
  ApplicationModule,
  EVENT_STORE,
  loadConfig,
  PROJECTOR,
  ProjectionsThread,
} from '@app/application';
import { ImportReports } from '@app/application/imports/import-reports';
import { ImportsModule } from '@app/application/imports/imports.module';
import { RegisterImports } from '@app/application/imports/register-imports';
import type { EventStore } from '@app/event-store';
import type { Projector } from '@app/read-models';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Session } from 'node:inspector/promises';
import { pupilsOf, registerLines, schoolDays } from '../test/support/register-files';
import { registerPupils } from '../test/support/register-pupils';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 220_000);
const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 400);
const WEEK = schoolDays('2025-03-03', 5);
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;
const MODES = (process.env.BENCH_PROJECTIONS ?? 'thread').split(',').map((m) => m.trim());
type Mode = 'thread' | 'main' | 'paused';

@Module({})
class BenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BenchModule,
      imports: [ApplicationModule.forRoot(config), ImportsModule.forRoot(config)],
    };
  }
}

const context = {
  pupils: PUPILS,
  schools: SCHOOLS,
  days: WEEK.length,
  adapter: 'sqlite',
  synchronous: 'FULL',
  node: process.version,
  cpus: os.cpus().length,
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith('PROJECTION_')),
  ),
};
const figure = (
  mode: Mode,
  name: string,
  value: number,
  unit: string,
  extra: Record<string, unknown> = {},
) =>
  console.log(
    JSON.stringify({
      name,
      value: Math.round(value * 100) / 100,
      unit,
      projections: mode,
      ...context,
      ...extra,
    }),
  );

/**
 * Peak memory of one phase, sampled every 100 ms: the process's RSS (both threads, SQLite's page
 * caches, everything), the main thread's V8 heap, and the projections thread's heap as it reports
 * it (ProjectionsThread.memory). What RSS holds beyond the two heaps is native: SQLite, buffers.
 */
class PhaseMemory {
  private peaks = { rss: 0, mainHeap: 0, mainUsed: 0, threadHeap: 0, threadUsed: 0, external: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly mode: Mode,
    private readonly phase: string,
    private readonly thread: ProjectionsThread | null,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const m = process.memoryUsage();
    const t = this.thread?.memory;
    const p = this.peaks;
    p.rss = Math.max(p.rss, m.rss);
    p.mainHeap = Math.max(p.mainHeap, m.heapTotal);
    p.mainUsed = Math.max(p.mainUsed, m.heapUsed);
    p.threadHeap = Math.max(p.threadHeap, t?.heapTotal ?? 0);
    p.threadUsed = Math.max(p.threadUsed, t?.heapUsed ?? 0);
    p.external = Math.max(p.external, m.external + (t?.external ?? 0));
  }

  /** Ends the phase: one figure per peak. Returns the peak RSS (bytes). */
  end(): number {
    this.sample();
    clearInterval(this.timer);
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    const { phase, peaks } = this;
    figure(this.mode, 'memory.peak_rss', mib(peaks.rss), 'MiB', {
      phase,
      note: 'the whole process (both threads, SQLite, buffers), sampled every 100 ms',
    });
    figure(this.mode, 'memory.peak_main_heap', mib(peaks.mainHeap), 'MiB', {
      phase,
      usedMiB: mib(peaks.mainUsed),
      note: 'V8 heap of the main thread (the import; the projections too when they run there): heapTotal, and the peak heapUsed (garbage included)',
    });
    if (this.thread)
      figure(this.mode, 'memory.peak_projections_thread_heap', mib(peaks.threadHeap), 'MiB', {
        phase,
        usedMiB: mib(peaks.threadUsed),
        note: 'V8 heap of the projections thread as it reports it every 250 ms: heapTotal, and the peak heapUsed',
      });
    figure(this.mode, 'memory.peak_external', mib(peaks.external), 'MiB', {
      phase,
      note: 'memory V8 objects hold outside the heaps (buffers), both threads',
    });
    return peaks.rss;
  }
}

/**
 * BENCH_CPU_PROFILE=<dir>: a CPU profile of the main thread from the upload to the import's end
 * (import-<mode>.cpuprofile; with BENCH_PROJECTIONS=paused, the import alone), for Chrome DevTools.
 */
async function startProfile(): Promise<{ stop(mode: Mode): Promise<void> } | undefined> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(mode) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `import-${mode}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function head(store: EventStore): Promise<bigint> {
  let position = 0n;
  for await (const e of store.readAll({ direction: 'backwards', maxCount: 1 }))
    position = e.position;
  return position;
}

async function writeFile(file: string, pupils: ReturnType<typeof pupilsOf>): Promise<void> {
  const out = fs.createWriteStream(file);
  for (const line of registerLines(pupils, WEEK, 2025)) {
    if (!out.write(`${line}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function run(mode: Mode): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const config = loadConfig({
    // The bounds of a catch-up's memory, when given (see the README's configuration).
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name.startsWith('PROJECTION_')),
    ),
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    RUN_PROCESS_MANAGERS: 'false',
    PROJECTIONS_THREAD: mode === 'thread' ? 'true' : 'false',
  });
  const perSchool = Math.ceil(PUPILS / SCHOOLS);
  const pupils = pupilsOf(SCHOOLS, perSchool).slice(0, PUPILS);
  const file = path.join(dataDir, 'week.csv');
  await writeFile(file, pupils);
  const marks = pupils.length * WEEK.length * 2;

  const app = await NestFactory.createApplicationContext(BenchModule.forRoot(config), {
    logger: false,
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const projector = app.get<Projector>(PROJECTOR);
  const reports = app.get(ImportReports);
  const thread = app.get(ProjectionsThread, { strict: false });
  try {
    let t0 = performance.now();
    let memory = new PhaseMemory(mode, 'setup.register_pupils', thread);
    await registerPupils(app.get(CommandBus), pupils);
    figure(mode, 'setup.register_pupils', (performance.now() - t0) / 1000, 's', {
      note: 'not part of the import',
    });
    memory.end();
    t0 = performance.now();
    memory = new PhaseMemory(mode, 'setup.projections_caught_up', thread);
    await projector.waitForPosition(await head(store), CATCH_UP_TIMEOUT_MS);
    figure(mode, 'setup.projections_caught_up', (performance.now() - t0) / 1000, 's', {
      note: 'not part of the import',
    });
    memory.end();

    const rssBefore = process.memoryUsage().rss;
    if (mode === 'paused') await projector.stop();
    memory = new PhaseMemory(mode, 'import', thread);
    const profiler = await startProfile();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const { importId } = await app.get(RegisterImports).receive(fs.createReadStream(file), {
      actor: 'bench',
      role: 'attendance-officer',
      schoolId: null,
    });
    // The job runs on the in-process scheduler, as an upload through the API would.
    let report = await reports.get(importId);
    while (report && report.status !== 'completed' && report.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await reports.get(importId);
    }
    const importSeconds = (performance.now() - start) / 1000;
    const importCpu = process.cpuUsage(cpuStart);
    const importPeakRss = memory.end();
    await profiler?.stop(mode);
    memory = new PhaseMemory(mode, 'import.projections_catching_up', thread);
    if (mode === 'paused') projector.start();
    await projector.waitForPosition(await head(store), CATCH_UP_TIMEOUT_MS);
    const caughtUpSeconds = (performance.now() - start) / 1000;
    const caughtUpCpu = process.cpuUsage(cpuStart);
    const peakRss = Math.max(importPeakRss, memory.end());
    if (report?.status !== 'completed' || report.counts.marksRecorded !== marks)
      throw new Error(
        `The import did not record every mark: ${JSON.stringify(report?.counts)} ${report?.failure ?? ''}`,
      );

    figure(mode, 'import.marks_per_second', marks / importSeconds, 'marks/s', { marks });
    figure(mode, 'import.pupils_per_second', pupils.length / importSeconds, 'pupils/s');
    figure(mode, 'import.seconds', importSeconds, 's', {
      note: 'from the upload to the import job completed (polled every 100 ms)',
      rows: report.counts.rowsRead,
      bytes: report.bytes,
    });
    figure(mode, 'import.cpu_seconds', (importCpu.user + importCpu.system) / 1e6, 's', {
      note: 'CPU time of the whole process during the import (user + system, every thread: the projections thread too): steadier than the wall clock on a shared machine',
      user: Math.round(importCpu.user / 1e4) / 100,
      system: Math.round(importCpu.system / 1e4) / 100,
    });
    figure(mode, 'import.projections_caught_up_seconds', caughtUpSeconds, 's', {
      note: 'from the upload to every projection at the store head',
      projectionNames: (await projector.status()).map((s) => s.projection),
    });
    figure(
      mode,
      'import.cpu_seconds_until_caught_up',
      (caughtUpCpu.user + caughtUpCpu.system) / 1e6,
      's',
      {
        note: 'CPU time of the whole process from the upload to every projection at the store head (every thread): what the import and projecting it cost, steadier than the wall clock on a shared machine',
        user: Math.round(caughtUpCpu.user / 1e4) / 100,
        system: Math.round(caughtUpCpu.system / 1e4) / 100,
      },
    );
    figure(mode, 'import.rss_before', rssBefore / 2 ** 20, 'MiB', {
      note: 'the process before the upload (stores open, pupils registered, projections caught up)',
    });
    figure(mode, 'import.peak_rss', peakRss / 2 ** 20, 'MiB', {
      note: 'the whole process, projections thread included, sampled every 100 ms until caught up',
    });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const mode of MODES) {
    if (mode !== 'thread' && mode !== 'main' && mode !== 'paused')
      throw new Error(`BENCH_PROJECTIONS: "${mode}" is not thread, main or paused.`);
  }
  for (const mode of MODES) await run(mode as Mode);
  console.log(
    JSON.stringify({
      name: 'process.max_rss',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MiB',
      modes: MODES,
      note: 'whole run, every mode, including generating the files and registering pupils',
      ...context,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
