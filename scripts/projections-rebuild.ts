/**
 * Rebuilds one projection from position zero into a new version; the current version serves
 * reads until the new one has caught up, then the switch is one write.
 *   npm run projections:rebuild -- caseload
 * Whoever runs the projection does the work: the CLI asks for the rebuild in the read-model store
 * and starts a projector for that one projection. If a worker or the api holds the projection's
 * lease (Redis, or read-models.db on the embedded default), that process picks the request up and
 * this one waits for the switch; if nobody does, this process takes the lease and rebuilds itself.
 * Exit code 0 when the new version serves, 1 when the rebuild failed or timed out
 * (PROJECTIONS_REBUILD_TIMEOUT_MS, default one hour), 2 for an unknown projection name.
 * Runs without Nest (tsx does not emit the decorator metadata Nest's injection needs).
 */
import {
  ACTIVE_VERSIONS,
  PROJECTION_NAMES,
  projectionRunning,
  Projector,
  REBUILD_REQUESTS,
} from '@app/read-models';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { createEventStore } from '../libs/application/src/adapters/event-store.factory';
import { ConfigError, loadConfig } from '../libs/application/src/config/config';
import {
  closeLeaseManager,
  createDocumentStore,
  createLeaseManager,
} from '../libs/application/src/read-models/read-model-adapters';

const POLL_MS = 250;
const PROGRESS_EVERY_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const name = process.argv[2];
  // A casework view is rebuilt by the casework group's runner (from the group's pupils).
  const projection = name ? projectionRunning(name) : undefined;
  if (!projection) {
    console.error(
      `${name ? `There is no projection named "${name}".` : 'Name the projection to rebuild.'} ` +
        `The projections are: ${PROJECTION_NAMES.join(', ')}.\nUsage: npm run projections:rebuild -- <name>`,
    );
    return 2;
  }
  const config = loadConfig();
  const timeoutMs = Number(process.env.PROJECTIONS_REBUILD_TIMEOUT_MS ?? 3_600_000);
  const redis = config.redis ? new Redis(config.redis.url, { maxRetriesPerRequest: 3 }) : null;
  const events = createEventStore(config);
  const documents = createDocumentStore(config, redis);
  const leases = createLeaseManager(config, redis);
  const projector = new Projector({
    events,
    documents,
    leases,
    projections: [projection],
    owner: `projections-rebuild:${hostname()}:${process.pid}`,
    requestPollMs: POLL_MS,
  });
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    projector.start();
    const { fromVersion } = await projector.requestRebuild(name);
    console.log(
      `Rebuilding ${name}${name === projection.name ? ' from zero' : ` from the ${projection.name} documents`}` +
        (fromVersion === null ? '.' : `; version ${fromVersion} serves reads until it is done.`),
    );
    const deadline = Date.now() + timeoutMs;
    let reported = 0;
    for (;;) {
      const active = await documents.get(ACTIVE_VERSIONS, name);
      const request = await documents.get(REBUILD_REQUESTS, name);
      if (request?.failed) {
        console.error(`The rebuild of ${name} failed: ${request.failed}`);
        await documents.delete(REBUILD_REQUESTS, name);
        return 1;
      }
      if (!request && active && active.version !== fromVersion) {
        console.log(`Done: version ${active.version} of ${name} now serves reads.`);
        return 0;
      }
      if (interrupted || Date.now() > deadline) {
        // Withdraw the request so nobody starts a rebuild nobody is waiting for.
        await documents.delete(REBUILD_REQUESTS, name);
        console.error(
          interrupted
            ? 'Interrupted; the rebuild was abandoned and the current version still serves.'
            : `Gave up after ${timeoutMs} ms; the current version still serves.`,
        );
        return 1;
      }
      if (Date.now() - reported > PROGRESS_EVERY_MS) {
        reported = Date.now();
        const [status] = await projector.status();
        console.log(
          status.state === 'running'
            ? `  rebuilding here (the live version is at position ${status.position ?? 0}, ${status.lag} behind)`
            : '  another process runs this projection; waiting for it to rebuild and switch',
        );
      }
      await sleep(POLL_MS);
    }
  } finally {
    await projector.stop();
    closeLeaseManager(leases);
    await documents.close();
    await events.close();
    await redis?.quit();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
