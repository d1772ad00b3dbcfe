import type { CodeOfConduct } from '@app/domain';
import type { CodeOfConductProvider } from '../pupils/code-of-conduct';

/** The code of conduct is read again after this long: it changes rarely, and an import brings many events. */
export const CODE_OF_CONDUCT_CACHE_MS = 5_000;

/** The code of conduct in force, read at most once per `ttlMs` (process managers read it per event). */
export function cachedCodeOfConduct(
  codes: Pick<CodeOfConductProvider, 'current'>,
  ttlMs = CODE_OF_CONDUCT_CACHE_MS,
): () => Promise<CodeOfConduct> {
  let cached: { value: Promise<CodeOfConduct>; readAt: number } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.readAt > ttlMs) {
      const value = codes.current().then((c) => c.codeOfConduct);
      cached = { value, readAt: now };
      // A failed read is not kept: the next event reads again.
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}
