/**
 * Realistic register files for tests and the benchmark: pupils with valid UPNs (check letters
 * computed as the DfE specifies), school days Monday to Friday, mostly present with the absence
 * codes a school really uses, generated from a seed so a failure can be reproduced.
 */
import { addDays, isWeekend, upnCheckLetter } from '@app/domain';

export interface GeneratedPupil {
  pupilId: string;
  upn: string;
  schoolId: string;
}

/** A UPN for the nth pupil of an LA: LA number 801, then a 9-digit serial (12 characters after the check letter). */
export const upnFor = (n: number): string => {
  const body = `801${String(n).padStart(9, '0')}`;
  return upnCheckLetter(body) + body;
};

export function pupilsOf(schools: number, pupilsPerSchool: number, offset = 0): GeneratedPupil[] {
  const pupils: GeneratedPupil[] = [];
  for (let s = 0; s < schools; s += 1)
    for (let p = 0; p < pupilsPerSchool; p += 1) {
      const n = offset + s * pupilsPerSchool + p;
      pupils.push({ pupilId: `pupil-gen-${n}`, upn: upnFor(n), schoolId: `school-${s + 1}` });
    }
  return pupils;
}

/** School days (Monday to Friday) from `from` for `days` calendar days. */
export function schoolDays(from: string, days: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < days; i += 1) {
    const d = addDays(from, i);
    if (!isWeekend(d)) out.push(d);
  }
  return out;
}

/** mulberry32: a small seeded generator, good enough to spread codes. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mostly present (about 93%, near the national average); illness the commonest absence; an N
 * (no reason yet) is rare because schools replace it with a proper code within days.
 */
export function codeFor(random: () => number, session: 'AM' | 'PM'): string {
  const r = random();
  if (r < 0.915) return session === 'AM' ? '/' : '\\';
  if (r < 0.93) return 'L';
  if (r < 0.96) return 'I';
  if (r < 0.97) return 'O';
  if (r < 0.975) return 'M';
  if (r < 0.98) return 'C';
  if (r < 0.985) return 'G';
  if (r < 0.987) return 'N';
  return 'R';
}

export const REGISTER_HEADER = 'upn,school,date,am,pm';

/** The rows of a register, one per pupil per day, in the order an MIS exports them (by day). */
export function* registerLines(
  pupils: readonly GeneratedPupil[],
  days: readonly string[],
  seed = 1,
  code: (pupil: GeneratedPupil, date: string, session: 'AM' | 'PM') => string | undefined = () =>
    undefined,
): Generator<string> {
  const random = seeded(seed);
  yield REGISTER_HEADER;
  for (const date of days)
    for (const p of pupils) {
      const am = code(p, date, 'AM') ?? codeFor(random, 'AM');
      const pm = code(p, date, 'PM') ?? codeFor(random, 'PM');
      yield `${p.upn},${p.schoolId},${date},${am},${pm}`;
    }
}
