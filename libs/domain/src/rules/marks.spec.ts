import { mark } from '../testing/marks';
import { currentMarks } from './marks';

describe('the register as it stands', () => {
  it('keeps the latest mark received for each session', () => {
    const n = mark('2025-03-03', 'AM', 'N', 'school-a', '2025-03-03T09:00:00Z');
    const corrected = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-03-06T12:00:00Z');
    expect(currentMarks([corrected, n])).toEqual([corrected]);
  });

  it('rebuilds the register as it was known before a correction arrived', () => {
    const n = mark('2025-03-03', 'AM', 'N', 'school-a', '2025-03-03T09:00:00Z');
    const corrected = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-03-06T12:00:00Z');
    expect(currentMarks([n, corrected], '2025-03-05T00:00:00Z')).toEqual([n]);
  });

  it('keeps the same session at two schools apart (dual registration)', () => {
    const a = mark('2025-03-03', 'AM', 'D', 'school-a');
    const b = mark('2025-03-03', 'AM', '/', 'school-b');
    expect(currentMarks([b, a])).toEqual([a, b]);
  });

  it('orders the register by date, then morning before afternoon', () => {
    const marks = [
      mark('2025-03-04', 'AM', '/'),
      mark('2025-03-03', 'PM', '\\'),
      mark('2025-03-03', 'AM', '/'),
    ];
    expect(currentMarks(marks).map((m) => `${m.date} ${m.session}`)).toEqual([
      '2025-03-03 AM',
      '2025-03-03 PM',
      '2025-03-04 AM',
    ]);
  });
});

describe('ordering and ties in the register', () => {
  it('keeps the later of two marks received at the same instant in arrival order', () => {
    const first = mark('2025-03-03', 'AM', 'N');
    const second = mark('2025-03-03', 'AM', 'O');
    expect(currentMarks([first, second])).toEqual([second]);
  });

  it('orders the same session at two schools by school', () => {
    const marks = [
      mark('2025-03-03', 'PM', '/', 'school-b'),
      mark('2025-03-03', 'PM', 'D', 'school-a'),
      mark('2025-03-03', 'PM', 'D', 'school-a'),
    ];
    expect(currentMarks(marks).map((m) => m.schoolId)).toEqual(['school-a', 'school-b']);
  });
});
