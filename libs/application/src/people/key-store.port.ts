/**
 * Where each person's data key lives: outside the event store, so that destroying the key
 * (erasure) leaves every event in place while no copy of the person's details can be read again
 * (crypto-shredding). SQLite in DATA_DIR/keys.db on the embedded default, Redis when REDIS_URL is
 * set; a KMS would be one more adapter under the same contract (key-store.contract.ts).
 */
export interface KeyStore {
  /** The person's 32-byte data key, created on first use; the same key on every later call. */
  keyFor(personId: string): Promise<Buffer>;
  /** The person's key, or undefined when there is none (never created, or destroyed). */
  find(personId: string): Promise<Buffer | undefined>;
  /** Destroys the key for good; destroying a missing key does nothing. */
  destroy(personId: string): Promise<void>;
  close(): Promise<void>;
}

/** AES-256: 32 bytes. */
export const DATA_KEY_BYTES = 32;
