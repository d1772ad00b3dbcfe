import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, type KeyStore } from './key-store.port';

/** Keys in a Map: for unit tests of what reads and erasure do, never for data that matters. */
export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, Buffer>();

  async keyFor(personId: string): Promise<Buffer> {
    let key = this.keys.get(personId);
    if (!key) this.keys.set(personId, (key = randomBytes(DATA_KEY_BYTES)));
    return key;
  }

  async find(personId: string): Promise<Buffer | undefined> {
    return this.keys.get(personId);
  }

  async destroy(personId: string): Promise<void> {
    this.keys.get(personId)?.fill(0);
    this.keys.delete(personId);
  }

  async close(): Promise<void> {}
}
