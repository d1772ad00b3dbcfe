import { upnCheckLetter } from '../rules';
import {
  checkRegisterRow,
  PupilAtAnotherSchool,
  pupilMarksFromRows,
  RegisterRow,
  recordMarksCommands,
  requirePupilAtSchool,
} from './register-import';
import { fold } from '../testing/given-when-then';
import { NO_FLAGS } from './vocabulary';

const TODAY = '2025-03-14';
const body = '801200100001';
const UPN = upnCheckLetter(body) + body;
const row = (over: Partial<RegisterRow> = {}): RegisterRow => ({
  line: 2,
  upn: UPN,
  date: '2025-03-10',
  am: '/',
  pm: '\\',
  ...over,
});

describe('a register row on its own', () => {
  it('is accepted with a valid UPN, a past date and two national codes', () => {
    expect(checkRegisterRow(row(), TODAY)).toBeUndefined();
  });

  it('is accepted with one session left blank (the pupil had no mark that half-day)', () => {
    expect(checkRegisterRow(row({ pm: '' }), TODAY)).toBeUndefined();
  });

  it('is rejected when the UPN check letter does not match', () => {
    const wrong = (UPN[0] === 'A' ? 'B' : 'A') + body;
    expect(checkRegisterRow(row({ upn: wrong }), TODAY)).toMatchObject({
      line: 2,
      kind: 'invalid-upn',
      reason: expect.stringMatching(/check letter/),
    });
  });

  it('is rejected when the UPN is not shaped like one', () => {
    expect(checkRegisterRow(row({ upn: '12345' }), TODAY)?.kind).toBe('invalid-upn');
  });

  it.each(['2025-02-30', '2025-13-01', '10/03/2025', ''])(
    'is rejected when the date %j is not on the calendar',
    (date) => {
      expect(checkRegisterRow(row({ date }), TODAY)?.kind).toBe('impossible-date');
    },
  );

  it('is rejected when the date is after today', () => {
    expect(checkRegisterRow(row({ date: '2025-03-15' }), TODAY)?.kind).toBe('future-date');
  });

  it('is rejected when a code is not in the 2024 regulations, naming the session', () => {
    expect(checkRegisterRow(row({ pm: 'F' }), TODAY)).toMatchObject({
      kind: 'unknown-code',
      reason: expect.stringMatching(/^PM code "F"/),
    });
  });

  it('is rejected when it carries no code at all', () => {
    expect(checkRegisterRow(row({ am: '', pm: '' }), TODAY)?.kind).toBe('missing-marks');
  });
});

describe("a pupil's rows together", () => {
  it('gives one mark per session, however often an identical row repeats', () => {
    const { marks, rejects } = pupilMarksFromRows([row({ line: 2 }), row({ line: 9 })]);
    expect(rejects).toEqual([]);
    expect(marks).toEqual([
      { date: '2025-03-10', session: 'AM', code: '/' },
      { date: '2025-03-10', session: 'PM', code: '\\' },
    ]);
  });

  it('rejects both rows, and records neither, when one session has two different codes', () => {
    const { marks, rejects } = pupilMarksFromRows([
      row({ line: 2, am: '/' }),
      row({ line: 5, am: 'N' }),
      row({ line: 7, date: '2025-03-11' }),
    ]);
    expect(rejects.map((r) => [r.line, r.kind])).toEqual([
      [2, 'conflicting-duplicate'],
      [5, 'conflicting-duplicate'],
    ]);
    expect(rejects[0].reason).toMatch(/AM on 2025-03-10 is coded "\/" on line 2 and "N" on line 5/);
    expect(marks.map((m) => m.date)).toEqual(['2025-03-11', '2025-03-11']);
  });
});

describe('the commands a pupil’s marks become', () => {
  it('is one RecordMarks spanning the marks, in date order', () => {
    const [command, ...rest] = recordMarksCommands('school-a', [
      { date: '2025-03-11', session: 'PM', code: 'N' },
      { date: '2025-03-10', session: 'AM', code: '/' },
    ]);
    expect(rest).toEqual([]);
    expect(command).toMatchObject({ schoolId: 'school-a', from: '2025-03-10', to: '2025-03-11' });
    expect(command.marks.map((m) => m.date)).toEqual(['2025-03-10', '2025-03-11']);
  });

  it('splits a register longer than a decider batch allows (120 days) into windows', () => {
    const commands = recordMarksCommands('school-a', [
      { date: '2024-09-02', session: 'AM', code: '/' },
      { date: '2024-12-31', session: 'AM', code: '/' },
      { date: '2025-01-01', session: 'AM', code: '/' },
    ]);
    expect(commands.map((c) => [c.from, c.to])).toEqual([
      ['2024-09-02', '2024-12-31'],
      ['2025-01-01', '2025-01-01'],
    ]);
  });
});

describe('whose register it is', () => {
  const registered = fold([
    {
      type: 'PupilRegistered',
      data: {
        pupilId: 'p1',
        reference: 'R1',
        upn: UPN,
        dateOfBirth: '2014-01-01',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 6,
        flags: NO_FLAGS,
        registeredOn: '2024-09-01',
      },
    },
  ]);

  it("records marks from the pupil's own school", () => {
    expect(() => requirePupilAtSchool(registered, 'school-a')).not.toThrow();
  });

  it('refuses marks sent by another school', () => {
    expect(() => requirePupilAtSchool(registered, 'school-b')).toThrow(PupilAtAnotherSchool);
  });
});
