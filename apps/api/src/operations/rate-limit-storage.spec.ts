import { FixedWindowRateLimitStorage } from './rate-limit-storage';

describe('the rate limits’ fixed-window counts', () => {
  let now = 1_000_000;
  const storage = new FixedWindowRateLimitStorage(() => now, 3_600_000);
  afterAll(() => storage.onModuleDestroy());
  const hit = (key = 'user-1') => storage.increment(key, 60_000, 3, 60_000, 'principal');

  it('given 3 allowed a minute, when a user makes 3 requests, then none is blocked and the count is 3', async () => {
    expect((await hit()).isBlocked).toBe(false);
    await hit();
    expect(await hit()).toEqual({
      totalHits: 3,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('when the 4th comes in the same window, then it is blocked for the block duration, and so is the next', async () => {
    now += 10_000;
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('counts each user and each limit apart', async () => {
    expect(await hit('user-2')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await storage.increment('user-1', 60_000, 3, 60_000, 'ip')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('when the block has passed, then a new window starts from one', async () => {
    now += 31_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets ended windows at the sweep, so idle users hold no memory', async () => {
    expect(storage.size).toBe(3);
    now += 120_000;
    storage.evictEnded();
    expect(storage.size).toBe(0);
  });
});
