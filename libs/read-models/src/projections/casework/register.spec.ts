import type { AttendanceMark } from '@app/domain';
import { emptyRegister, marksOf, recordMark } from './register';

const mark = (overrides: Partial<AttendanceMark>): AttendanceMark => ({
  date: '2025-03-10',
  session: 'AM',
  schoolId: 'school-a',
  code: '/',
  receivedAt: '2025-03-14T16:00:00.000Z',
  ...overrides,
});

describe("a year's register in the journey document", () => {
  it('keeps the mark received last for a session, whatever order the marks arrive in', () => {
    const register = emptyRegister();
    recordMark(register, mark({ code: 'O', receivedAt: '2025-03-20T09:00:00.000Z' }));
    recordMark(register, mark({ code: '/', receivedAt: '2025-03-14T16:00:00.000Z' }));
    recordMark(register, mark({ code: 'I', receivedAt: '2025-03-20T09:00:00.000Z' }));
    expect(marksOf(register)).toEqual([
      mark({ code: 'I', receivedAt: '2025-03-20T09:00:00.000Z' }),
    ]);
  });

  it('lists the marks of two schools in register order: by date, morning first, then school', () => {
    const register = emptyRegister();
    const marks = [
      mark({ date: '2025-03-11', session: 'PM', schoolId: 'school-a' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-b' }),
      mark({ date: '2025-03-10', session: 'PM', schoolId: 'school-b' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-a' }),
    ];
    for (const m of marks) recordMark(register, m);
    expect(marksOf(register)).toEqual([marks[2], marks[3], marks[1], marks[0]]);
  });
});
