/**
 * The whole app for `npm run bench:api`, in a process of its own, as `npm start` runs it on the
 * embedded default (projections on their thread), configured from the environment (DATA_DIR…),
 * with logs off. Prints `{"url":…}` once listening.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/application';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
}

void main();
