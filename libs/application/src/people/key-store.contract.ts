import type { KeyStore } from './key-store.port';

/** One contract for every key store (SQLite, Redis, memory). */
export function describeKeyStoreContract(
  name: string,
  setup: () => Promise<{ store: KeyStore; teardown(): Promise<void> }>,
) {
  describe(`${name} key store`, () => {
    let store: KeyStore;
    let teardown: () => Promise<void>;
    let n = 0;
    const person = () => `person-${process.pid}-${Date.now()}-${(n += 1)}`;

    beforeEach(async () => ({ store, teardown } = await setup()));
    afterEach(async () => teardown());

    it('creates a 32-byte key for a person on first use', async () => {
      const key = await store.keyFor(person());
      expect(key).toBeInstanceOf(Buffer);
      expect(key).toHaveLength(32);
    });

    it('gives the same key to every later use', async () => {
      const id = person();
      const first = await store.keyFor(id);
      expect((await store.keyFor(id)).equals(first)).toBe(true);
      expect((await store.find(id))?.equals(first)).toBe(true);
    });

    it('gives each person a key of their own', async () => {
      const a = await store.keyFor(person());
      const b = await store.keyFor(person());
      expect(a.equals(b)).toBe(false);
    });

    it('gives the same key to racing first uses', async () => {
      const id = person();
      const keys = await Promise.all([1, 2, 3, 4].map(() => store.keyFor(id)));
      for (const key of keys) expect(key.equals(keys[0])).toBe(true);
    });

    it('finds no key for a person it never saw', async () => {
      await expect(store.find(person())).resolves.toBeUndefined();
    });

    it('destroys a key for good, and only that person’s', async () => {
      const id = person();
      const other = person();
      await store.keyFor(id);
      const kept = await store.keyFor(other);
      await store.destroy(id);
      await expect(store.find(id)).resolves.toBeUndefined();
      expect((await store.find(other))?.equals(kept)).toBe(true);
    });

    it('destroys a missing key without complaint', async () => {
      await expect(store.destroy(person())).resolves.toBeUndefined();
    });
  });
}
