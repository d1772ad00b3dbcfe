import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/application';
import { startWorker } from './worker';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  await startWorker(config);
  const store =
    config.eventStore.kind === 'sqlite' ? `SQLite at ${config.eventStore.file}` : 'EventStoreDB';
  console.log(
    `attendance-casework worker running the projections (event store: ${store}, read models: ${
      config.redis ? 'Redis' : `SQLite in ${config.dataDir}`
    })`,
  );
}

void main();
