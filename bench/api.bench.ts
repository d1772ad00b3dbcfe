/**
 * npm run bench:api — latency and throughput of the API on the embedded default (SQLite), in one
 * process, over loopback: a command (record a conversation) and a query (a pupil's journey), each
 * for a fixed duration with autocannon. One JSON line per figure.
 */
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig, TokenService } from '@app/application';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/configure-app';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PUPILS = 200;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '3999' });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const token = await new TokenService(config.auth).issue({
    sub: 'bench',
    role: 'attendance-officer',
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const pupilIds: string[] = [];
  for (let i = 0; i < PUPILS; i += 1) {
    const response = await fetch(`${url}/pupils`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        reference: `P-${i}`,
        dateOfBirth: '2012-05-10',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 8,
      }),
    });
    pupilIds.push(((await response.json()) as { pupilId: string }).pupilId);
  }
  const pick = () => pupilIds[Math.floor(Math.random() * pupilIds.length)];
  const context = {
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    pupils: PUPILS,
    store: 'sqlite',
    node: process.version,
    cpus: os.cpus().length,
  };

  const run = (name: string, method: 'GET' | 'POST', body?: string) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method,
          headers,
          body,
          setupRequest: (req) => ({
            ...req,
            path: method === 'POST' ? `/pupils/${pick()}/conversations` : `/pupils/${pick()}`,
          }),
        },
      ],
    }).then((result) => {
      const ok = result['2xx'];
      console.log(
        JSON.stringify({
          name: `${name}.latency.p50`,
          value: result.latency.p50,
          unit: 'ms',
          ...context,
        }),
      );
      console.log(
        JSON.stringify({
          name: `${name}.latency.p99`,
          value: result.latency.p99,
          unit: 'ms',
          ...context,
        }),
      );
      console.log(
        JSON.stringify({
          name: `${name}.throughput`,
          value: Math.round(result.requests.average),
          unit: 'requests/s',
          non2xx: result.non2xx,
          ok,
          ...context,
        }),
      );
    });

  await run(
    'api.command.record-conversation',
    'POST',
    JSON.stringify({
      heldOn: '2025-01-20',
      withWhom: ['pupil'],
      barriers: ['anxiety'],
      agreedNextSteps: ['Check-in'],
    }),
  );
  await run('api.query.pupil-journey', 'GET');
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

void main();
