/**
 * npm run bench:import — a 220,000-pupil LA's week of registers (about 2.2 million session marks)
 * imported on the embedded default (SQLite in a temp DATA_DIR, in-process scheduler), the same
 * way the API and the CLI import: file received and hashed, job run, rows checked, pupils matched
 * by UPN, marks recorded through the pupil decider in batches. Pupils are registered first and
 * timed separately. One JSON line per figure. BENCH_PUPILS / BENCH_SCHOOLS shrink it for a quick run.
 *
 * The projections run in this process, as on the embedded default, while the import runs; the
 * process managers (monitor rules, deadlines) do not run here (RUN_PROJECTIONS=false keeps them
 * and the scheduler off), so the import is run by calling the job's body directly. What the
 * monitor rules and deadlines then cost is theirs to measure.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, ApplicationModule, EVENT_STORE, loadConfig, PROJECTOR } from '@app/application';
import { ImportsModule } from '@app/application/imports/imports.module';
import { RegisterImporter } from '@app/application/imports/register-importer';
import { RegisterImports } from '@app/application/imports/register-imports';
import type { EventStore } from '@app/event-store';
import type { Projector } from '@app/read-models';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pupilsOf, registerLines, schoolDays } from '../test/support/register-files';
import { registerPupils } from '../test/support/register-pupils';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 220_000);
const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 400);
const WEEK = schoolDays('2025-03-03', 5);
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;
/**
 * true: the projector is paused while the import runs and resumed after it (as when a separate
 * worker runs the projections); the default runs them alongside, as the embedded default does.
 */
const PAUSE_PROJECTIONS = process.env.BENCH_PAUSE_PROJECTIONS === 'true';

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
  projectionsDuringImport: !PAUSE_PROJECTIONS,
};
const figure = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...context, ...extra }),
  );

async function head(store: EventStore): Promise<bigint> {
  let position = 0n;
  for await (const e of store.readAll({ direction: 'backwards', maxCount: 1 }))
    position = e.position;
  return position;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, RUN_PROJECTIONS: 'false' });
  const perSchool = Math.ceil(PUPILS / SCHOOLS);
  const pupils = pupilsOf(SCHOOLS, perSchool).slice(0, PUPILS);
  const file = path.join(dataDir, 'week.csv');
  const out = fs.createWriteStream(file);
  for (const line of registerLines(pupils, WEEK, 2025)) {
    if (!out.write(`${line}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const marks = pupils.length * WEEK.length * 2;

  const app = await NestFactory.createApplicationContext(BenchModule.forRoot(config), {
    logger: false,
  });
  const store = app.get<EventStore>(EVENT_STORE);
  const projector = app.get<Projector>(PROJECTOR);
  try {
    let t0 = performance.now();
    await registerPupils(app.get(CommandBus), pupils);
    figure('setup.register_pupils', (performance.now() - t0) / 1000, 's', {
      note: 'not part of the import',
    });
    projector.start();
    t0 = performance.now();
    await projector.waitForPosition(await head(store), CATCH_UP_TIMEOUT_MS);
    figure('setup.projections_caught_up', (performance.now() - t0) / 1000, 's', {
      note: 'not part of the import',
    });

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(
      () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
      100,
    );
    if (PAUSE_PROJECTIONS) await projector.stop();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const received = await app.get(RegisterImports).receive(fs.createReadStream(file), {
      actor: 'bench',
      role: 'attendance-officer',
      schoolId: null,
    });
    const report = await app.get(RegisterImporter).run({
      importId: received.importId,
      file: path.join(dataDir, 'imports', `${received.importId}.csv`),
      schoolId: null,
      actor: 'bench',
      role: 'attendance-officer',
    });
    const importSeconds = (performance.now() - start) / 1000;
    const importCpu = process.cpuUsage(cpuStart);
    if (PAUSE_PROJECTIONS) projector.start();
    await projector.waitForPosition(await head(store), CATCH_UP_TIMEOUT_MS);
    const caughtUpSeconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (report.status !== 'completed' || report.counts.marksRecorded !== marks)
      throw new Error(
        `The import did not record every mark: ${JSON.stringify(report.counts)} ${report.failure ?? ''}`,
      );

    figure('import.marks_per_second', marks / importSeconds, 'marks/s', { marks });
    figure('import.pupils_per_second', pupils.length / importSeconds, 'pupils/s');
    figure('import.seconds', importSeconds, 's', {
      rows: report.counts.rowsRead,
      bytes: report.bytes,
    });
    figure('import.cpu_seconds', (importCpu.user + importCpu.system) / 1e6, 's', {
      note: 'CPU time of the whole process during the import (user + system): steadier than the wall clock on a shared machine',
      user: Math.round(importCpu.user / 1e4) / 100,
      system: Math.round(importCpu.system / 1e4) / 100,
    });
    figure('import.projections_caught_up_seconds', caughtUpSeconds, 's', {
      note: 'from the upload to every projection at the store head',
      projections: (await projector.status()).map((s) => s.projection),
    });
    figure('import.rss_before', rssBefore / 2 ** 20, 'MiB', {
      note: 'the process before the upload (stores open, pupils registered, projections caught up)',
    });
    figure('import.peak_rss', peakRss / 2 ** 20, 'MiB', {
      note: 'sampled every 100 ms during the import',
    });
    figure('process.max_rss', process.resourceUsage().maxRSS / 1024, 'MiB', {
      note: 'whole run, including generating the file and registering pupils',
    });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
