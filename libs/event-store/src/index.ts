export * from './event-store.port';
export * from './snapshot.port';
export * from './errors';
export * from './read-stream-events';
export * from './memory/memory-event-store';
export * from './sqlite/sqlite-event-store';
export * from './eventstoredb/eventstoredb-event-store';
