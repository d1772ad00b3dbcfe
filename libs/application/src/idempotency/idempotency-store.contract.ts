import type { IdempotencyStore } from './idempotency-store.port';

/** One contract for every idempotency store. */
export function describeIdempotencyStoreContract(
  name: string,
  setup: (options?: {
    inProgressMs?: number;
  }) => Promise<{ store: IdempotencyStore; teardown(): Promise<void> }>,
) {
  describe(`${name} idempotency store`, () => {
    let store: IdempotencyStore;
    let teardown: () => Promise<void>;
    const response = { status: 201, body: { revision: '3' }, headers: { etag: 'W/"3"' } };
    let n = 0;
    const key = () => `key-${Date.now()}-${(n += 1)}`;

    beforeEach(async () => ({ store, teardown } = await setup()));
    afterEach(async () => teardown());

    it('lets the first request with a key go ahead', async () => {
      await expect(store.claim('user-1', key(), 'fp')).resolves.toEqual({ state: 'claimed' });
    });

    it('replays the first response to a repeated key', async () => {
      const k = key();
      await store.claim('user-1', k, 'fp');
      await store.complete('user-1', k, response);
      await expect(store.claim('user-1', k, 'fp')).resolves.toEqual({
        state: 'completed',
        response,
      });
    });

    it('holds back a repeat while the first request is still running', async () => {
      const k = key();
      await store.claim('user-1', k, 'fp');
      await expect(store.claim('user-1', k, 'fp')).resolves.toEqual({ state: 'in-progress' });
    });

    it('refuses a key reused for a different request', async () => {
      const k = key();
      await store.claim('user-1', k, 'fp');
      await store.complete('user-1', k, response);
      await expect(store.claim('user-1', k, 'other')).resolves.toEqual({ state: 'mismatch' });
    });

    it('keeps one caller’s keys apart from another’s', async () => {
      const k = key();
      await store.claim('user-1', k, 'fp');
      await expect(store.claim('user-2', k, 'fp')).resolves.toEqual({ state: 'claimed' });
    });

    it('lets a released key be tried again', async () => {
      const k = key();
      await store.claim('user-1', k, 'fp');
      await store.release('user-1', k);
      await expect(store.claim('user-1', k, 'fp')).resolves.toEqual({ state: 'claimed' });
    });

    it('lets a key whose request never finished (its process died) be claimed again after its in-progress time', async () => {
      const short = await setup({ inProgressMs: 300 });
      try {
        const k = key();
        await short.store.claim('user-1', k, 'fp');
        await expect(short.store.claim('user-1', k, 'fp')).resolves.toEqual({
          state: 'in-progress',
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        await expect(short.store.claim('user-1', k, 'fp')).resolves.toEqual({ state: 'claimed' });
      } finally {
        await short.teardown();
      }
    });

    it('lets exactly one of many simultaneous requests claim a key', async () => {
      const k = key();
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store.claim('user-1', k, 'fp')),
      );
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
    });
  });
}
