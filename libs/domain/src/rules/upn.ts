/**
 * The Unique Pupil Number (DfE, "Unique pupil numbers (UPN): guidance"): 13 characters, a check
 * letter then 12 characters (LA number, establishment number, year, serial; a temporary UPN
 * ends in a letter). The check letter is the sum of characters 2-13 weighted 2 to 13, modulo 23,
 * read in the alphabet without I, O and S; a letter in the body counts as its place in that alphabet.
 */
/** The 23 check letters, A = 0 ... Z = 22; I, O and S are left out (DfE UPN guidance). */
export const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';
/** Character 2 carries weight 2, character 13 weight 13 (DfE UPN guidance). */
const FIRST_WEIGHT = 2;
/** Check letter, 11 digits, then a digit or (temporary UPN) a letter (DfE UPN guidance): 13 in all. */
const UPN_SHAPE = /^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$/;

export function upnCheckLetter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    const value = /[0-9]/.test(c) ? Number(c) : UPN_ALPHABET.indexOf(c);
    sum += value * (i + FIRST_WEIGHT);
  }
  return UPN_ALPHABET[sum % UPN_ALPHABET.length];
}

export function isValidUpn(upn: string): boolean {
  return UPN_SHAPE.test(upn) && upnCheckLetter(upn.slice(1)) === upn[0];
}
