import { EventStore, EventStoreDbEventStore, SqliteEventStore } from '@app/event-store';
import type { AppConfig } from '../config/config';

/** The event store the configuration asks for: SQLite embedded by default, EventStoreDB when configured. */
export function createEventStore(config: AppConfig): EventStore {
  return config.eventStore.kind === 'sqlite'
    ? new SqliteEventStore({ file: config.eventStore.file })
    : EventStoreDbEventStore.fromConnectionString(config.eventStore.connectionString);
}
