import { retryWhileBusy } from './open-shared-file';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/** A clock that moves only when slept on, and the pauses slept. */
function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: (ms: number) => (slept.push(ms), (t += ms)), slept };
}

describe('setting up a SQLite file another process may be setting up', () => {
  it('given the file busy twice, when set up, then it is tried again until it succeeds', () => {
    const time = fakeTime();
    let calls = 0;
    const result = retryWhileBusy(
      () => {
        calls += 1;
        if (calls < 3) throw busy();
        return 'set up';
      },
      5000,
      time.now,
      time.sleep,
    );
    expect(result).toBe('set up');
    expect(calls).toBe(3);
    expect(time.slept).toEqual([5, 10]);
  });

  it('given the file busy for longer than the busy timeout, when set up, then the last refusal is thrown', () => {
    const time = fakeTime();
    let calls = 0;
    expect(() =>
      retryWhileBusy(
        () => {
          calls += 1;
          throw busy();
        },
        1000,
        time.now,
        time.sleep,
      ),
    ).toThrow('database is locked');
    expect(time.now()).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...time.slept)).toBe(200);
    expect(calls).toBe(time.slept.length + 1);
  });

  it('given any other failure, when set up, then it is thrown at once, not tried again', () => {
    const time = fakeTime();
    let calls = 0;
    expect(() =>
      retryWhileBusy(
        () => {
          calls += 1;
          throw Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
        },
        5000,
        time.now,
        time.sleep,
      ),
    ).toThrow('file is not a database');
    expect(calls).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it('given a free file, when set up, then it runs once with no pause', () => {
    const time = fakeTime();
    expect(retryWhileBusy(() => 42, 5000, time.now, time.sleep)).toBe(42);
    expect(time.slept).toEqual([]);
  });
});
