// The container healthcheck of the api and the worker (Dockerfile HEALTHCHECK, docker-compose.yml):
// plain Node, because the slim image has no curl. Exit 0 healthy, 1 not.
//   node scripts/healthcheck.js api      GET http://127.0.0.1:$PORT/health answers 200 within 2 s
//   node scripts/healthcheck.js worker   the worker's heartbeat file is under 60 s old: it is
//                                        written each time the worker has read its projections'
//                                        status from the event and read-model stores
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Kept in step with WORKER_HEARTBEAT_FILE in apps/worker/src/worker-lifecycle.ts. */
const HEARTBEAT = process.env.WORKER_HEARTBEAT_FILE || path.join(os.tmpdir(), 'attendance-worker-heartbeat');
const HEARTBEAT_MAX_AGE_MS = 60_000;

const unhealthy = (why) => {
  console.error(`unhealthy: ${why}`);
  process.exit(1);
};

const mode = process.argv[2];
if (mode === 'api') {
  const port = process.env.PORT || '3000';
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) }).then(
    (res) => (res.ok ? process.exit(0) : unhealthy(`GET /health answered ${res.status}`)),
    (error) => unhealthy(`GET /health failed (${error.cause?.code || error.name})`),
  );
} else if (mode === 'worker') {
  let age;
  try {
    age = Date.now() - fs.statSync(HEARTBEAT).mtimeMs;
  } catch {
    unhealthy(`no heartbeat at ${HEARTBEAT} yet`);
  }
  if (age > HEARTBEAT_MAX_AGE_MS) unhealthy(`last heartbeat ${Math.round(age / 1000)} s ago`);
  process.exit(0);
} else {
  unhealthy('say which: node scripts/healthcheck.js api|worker');
}
