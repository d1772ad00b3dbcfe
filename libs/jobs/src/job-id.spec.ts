import { assertValidJobId, backoffDelayMs, InvalidJobId } from './job-id';

describe('job ids', () => {
  it('accepts a deterministic id built from a stream and a deadline', () => {
    expect(() => assertValidJobId('nti-period-end-pupil-42-2025-03-03')).not.toThrow();
  });

  it.each([
    ['an empty id', ''],
    ["an id with ':'", 'pupil:42'],
    ['a bare integer', '42'],
  ])('refuses %s', (_why, id) => {
    expect(() => assertValidJobId(id)).toThrow(InvalidJobId);
  });
});

describe('backoff between attempts', () => {
  it('doubles an exponential delay after each failed attempt', () => {
    const backoff = { type: 'exponential', delayMs: 100 } as const;
    expect([1, 2, 3].map((made) => backoffDelayMs(backoff, made))).toEqual([100, 200, 400]);
  });

  it('keeps a fixed delay the same after each failed attempt', () => {
    const backoff = { type: 'fixed', delayMs: 100 } as const;
    expect([1, 2, 3].map((made) => backoffDelayMs(backoff, made))).toEqual([100, 100, 100]);
  });
});
