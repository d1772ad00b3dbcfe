/**
 * The whole app for `npm run bench:api`, in a process of its own, as `npm start` runs it on the
 * embedded default (projections on their thread), configured from the environment (DATA_DIR…),
 * with logs off, on the HTTP platform HTTP_ADAPTER names. Prints `{"url":…}` once listening.
 *
 * With BENCH_PROFILE_DIR set, SIGUSR2 starts a CPU profile of the main thread and the next SIGUSR2
 * writes it there as `<pid>-<n>.cpuprofile` (the bench profiles one load run at a time; read one with
 * bench/api/profile-split.ts).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { loadConfig } from '@app/application';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { httpAdapterFor } from '../../apps/api/src/http-platform';

function profileOnSignal(dir: string): void {
  const session = new Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 250 });
        await session.post('Profiler.start');
        return;
      }
      running = false;
      const { profile } = await session.post('Profiler.stop');
      written += 1;
      const file = path.join(dir, `${process.pid}-${written}.cpuprofile`);
      fs.writeFileSync(`${file}.part`, JSON.stringify(profile));
      fs.renameSync(`${file}.part`, file);
    })();
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.env.BENCH_PROFILE_DIR) profileOnSignal(process.env.BENCH_PROFILE_DIR);
  const app = await NestFactory.create(AppModule.forRoot(config), httpAdapterFor(config), {
    logger: false,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
}

void main();
