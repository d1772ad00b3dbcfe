import { isValidUpn, upnCheckLetter } from './upn';

describe('unique pupil numbers', () => {
  // Worked by hand: body 820200101001, weights 2..13:
  // 8*2+2*3+0*4+2*5+0*6+0*7+1*8+0*9+1*10+0*11+0*12+1*13 = 16+6+10+8+10+13 = 63; 63 mod 23 = 17 -> the 18th letter of ABCDEFGHJKLMNPQRTUVWXYZ, 'U'.
  it('accepts a UPN whose check letter matches its digits', () => {
    expect(upnCheckLetter('820200101001')).toBe('U');
    expect(isValidUpn('U820200101001')).toBe(true);
  });

  // Temporary UPN ending in a letter: 820200101 00 A -> ... + 0*12 + A(0)*13 = 16+6+10+8+10 = 50; 50 mod 23 = 4 -> 'E'.
  it('accepts a temporary UPN ending in a letter', () => {
    expect(isValidUpn('E82020010100A')).toBe(true);
  });

  it.each([
    ['a wrong check letter', 'A820200101001'],
    ['a wrong length', 'U82020010100'],
    ['a letter inside the number', 'U8202001010A1'],
    ['the letter I, O or S', 'U82020010100I'],
    ['lower case', 'u820200101001'],
  ])('refuses %s', (_, upn) => {
    expect(isValidUpn(upn)).toBe(false);
  });
});
