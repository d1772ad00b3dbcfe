import { NATIONAL_DEFAULTS } from '@app/domain';
import { cachedCodeOfConduct } from './cached-code-of-conduct';

describe('the code of conduct as process managers read it', () => {
  it('is read once per period however many events ask, then read again', async () => {
    let reads = 0;
    const codes = {
      current: async () => {
        reads += 1;
        return { codeOfConduct: { ...NATIONAL_DEFAULTS, version: `v-${reads}` }, revision: 0n };
      },
    };
    const code = cachedCodeOfConduct(codes, 40);
    const first = await Promise.all([code(), code(), code()]);
    expect(first.map((c) => c.version)).toEqual(['v-1', 'v-1', 'v-1']);
    await new Promise((r) => setTimeout(r, 60));
    expect((await code()).version).toBe('v-2');
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const code = cachedCodeOfConduct({
      current: async () => {
        if (fail) throw new Error('store down');
        return { codeOfConduct: NATIONAL_DEFAULTS, revision: undefined };
      },
    });
    await expect(code()).rejects.toThrow('store down');
    fail = false;
    expect((await code()).version).toBe(NATIONAL_DEFAULTS.version);
  });
});
