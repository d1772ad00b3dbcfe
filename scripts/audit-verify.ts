/**
 * Verifies the hash chains of the configured event store (SQLite by default, EventStoreDB when
 * EVENTSTORE_CONNECTION_STRING is set) and reports the first broken link of each stream.
 *   npm run audit:verify                      # every stream
 *   npm run audit:verify -- --stream pupil-…  # one stream
 *   npm run audit:verify -- --prefix family-  # streams by prefix
 * Exit code 0 when every chain holds, 1 when a link is broken, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { createEventStore, loadConfig, verifyStore, verifyStream } from '@app/application';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stream: { type: 'string' }, prefix: { type: 'string', multiple: true } },
  });
  const store = createEventStore(loadConfig());
  try {
    const report = values.stream
      ? await verifyStream(store, values.stream)
      : await verifyStore(store, values.prefix ?? []);
    console.log(JSON.stringify(report, null, 2));
    process.exitCode = report.brokenLinks.length ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
