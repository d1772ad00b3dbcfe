/**
 * Run as a separate process by the SQLite integration spec: appends `count` events to one stream
 * on a shared file the way a command handler does (read the head, append at that revision, re-read
 * and retry on a conflict), so several of these racing each other exercise SQLite's file locking
 * between processes rather than within one. Prints {"appended":n,"conflicts":n} when done.
 *
 * Usage: node --import tsx race-appends-in-a-process.ts <file> <streamId> <writer> <count>
 */
import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../../errors';
import type { ExpectedRevision } from '../../event-store.port';
import { SqliteEventStore } from '../sqlite-event-store';

async function headOf(store: SqliteEventStore, streamId: string): Promise<ExpectedRevision> {
  try {
    for await (const last of store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))
      return last.revision;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return 'no_stream';
}

async function main(): Promise<void> {
  const [file, streamId, writer, count] = process.argv.slice(2);
  const store = new SqliteEventStore({ file, busyTimeoutMs: 10_000 });
  let conflicts = 0;
  try {
    for (let i = 0; i < Number(count); i += 1) {
      for (;;) {
        const expectedRevision = await headOf(store, streamId);
        const event = {
          id: randomUUID(),
          type: 'Raced',
          data: { writer, sequence: i },
          metadata: {
            actor: `system:${writer}`,
            role: 'system',
            correlationId: randomUUID(),
            causationId: randomUUID(),
            occurredAt: new Date().toISOString(),
          },
        };
        try {
          await store.appendToStream(streamId, [event], { expectedRevision });
          break;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts += 1;
        }
      }
    }
  } finally {
    await store.close();
  }
  process.stdout.write(JSON.stringify({ appended: Number(count), conflicts }) + '\n');
}

void main();
