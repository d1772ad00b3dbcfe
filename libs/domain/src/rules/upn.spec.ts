import fc from 'fast-check';
import { isValidUpn, UPN_ALPHABET, upnCheckLetter } from './upn';

describe('unique pupil numbers: fixed examples worked by hand', () => {
  // Body 820200101001, weights 2..13:
  // 8*2 + 2*3 + 0*4 + 2*5 + 0*6 + 0*7 + 1*8 + 0*9 + 1*10 + 0*11 + 0*12 + 1*13
  //   = 16 + 6 + 10 + 8 + 10 + 13 = 63; 63 mod 23 = 17, the 18th letter of
  // ABCDEFGHJKLMNPQRTUVWXYZ (A=0 ... R=15, T=16, U=17): U.
  it('accepts U820200101001', () => {
    expect(upnCheckLetter('820200101001')).toBe('U');
    expect(isValidUpn('U820200101001')).toBe(true);
  });

  // Body 201111234567: 2*2 + 0*3 + 1*4 + 1*5 + 1*6 + 1*7 + 2*8 + 3*9 + 4*10 + 5*11 + 6*12 + 7*13
  //   = 4 + 0 + 4 + 5 + 6 + 7 + 16 + 27 + 40 + 55 + 72 + 91 = 327; 327 - 14*23 = 5: F.
  it('accepts F201111234567', () => {
    expect(isValidUpn('F201111234567')).toBe(true);
  });

  // Temporary UPN 82020010100A: the final A counts as 0, so the sum is 63 - 13 = 50;
  // 50 - 2*23 = 4: E.
  it('accepts the temporary UPN E82020010100A, ending in a letter', () => {
    expect(isValidUpn('E82020010100A')).toBe(true);
  });

  // Temporary UPN 93812345678Z: 9*2 + 3*3 + 8*4 + 1*5 + 2*6 + 3*7 + 4*8 + 5*9 + 6*10 + 7*11 + 8*12
  //   = 18+9+32+5+12+21+32+45+60+77+96 = 407, plus Z (22) * 13 = 286: 693; 693 - 30*23 = 3: D.
  it('accepts the temporary UPN D93812345678Z, whose final Z counts as 22', () => {
    expect(isValidUpn('D93812345678Z')).toBe(true);
  });
});

describe('unique pupil numbers that are refused', () => {
  it.each([
    ['a wrong check letter', 'A820200101001'],
    ['the check letter of another number', 'U201111234567'],
    ['a number one character short', 'U82020010100'],
    ['a number one character long', 'U8202001010011'],
    ['an empty string', ''],
    ['a letter inside the number', 'U8202001010A1'],
    ['a final I, O or S, which the alphabet leaves out', 'U82020010100I'],
    ['a check letter I, O or S', 'S820200101001'],
    ['a digit in place of the check letter', '1820200101001'],
    ['lower case', 'u820200101001'],
    ['spaces', 'U820200 01001'],
    ['punctuation', 'U820200-01001'],
  ])('refuses %s', (_, upn) => {
    expect(isValidUpn(upn)).toBe(false);
  });
});

describe('unique pupil numbers, for any number', () => {
  const bodies = fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }),
      fc.constantFrom(...'0123456789', ...UPN_ALPHABET),
    )
    .map(([digits, last]) => `${digits.join('')}${last}`);

  it('accept exactly one check letter', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const accepted = [...UPN_ALPHABET].filter((letter) => isValidUpn(`${letter}${body}`));
        expect(accepted).toHaveLength(1);
      }),
    );
  });

  it('catch any single mistyped digit', () => {
    fc.assert(
      fc.property(
        bodies,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (body, at, shift) => {
          const upn = `${upnCheckLetter(body)}${body}`;
          const digit = (Number(body[at]) + shift) % 10;
          const typo = `${upn.slice(0, at + 1)}${digit}${upn.slice(at + 2)}`;
          expect(isValidUpn(typo)).toBe(false);
        },
      ),
    );
  });
});
