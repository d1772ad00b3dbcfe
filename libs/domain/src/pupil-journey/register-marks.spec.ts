import type { PupilEvent } from './events';
import { evolve } from './evolve';
import { isRegisterEvent, marksAddedBy } from './register-marks';
import { initialState } from './state';

const received = '2025-03-07T16:00:00.000Z';
const weekRecorded: PupilEvent = {
  type: 'AttendanceMarksRecorded',
  data: {
    schoolId: 'school-a',
    from: '2025-03-03',
    to: '2025-03-03',
    marks: [
      { date: '2025-03-03', session: 'AM', code: '/' },
      { date: '2025-03-03', session: 'PM', code: 'O' },
    ],
    receivedAt: received,
  },
};
const correction: PupilEvent = {
  type: 'AttendanceMarkCorrected',
  data: {
    schoolId: 'school-a',
    date: '2025-03-03',
    session: 'PM',
    code: 'I',
    previousCode: 'O',
    reason: 'Doctor’s note received',
    receivedAt: '2025-03-10T09:00:00.000Z',
  },
};

describe('the marks a register event adds', () => {
  it('gives each recorded mark the school and the instant the register was received', () => {
    // given a register of Monday morning and afternoon from school A
    // when its marks are read
    // then each carries the school and the instant received
    expect(marksAddedBy(weekRecorded)).toEqual([
      { date: '2025-03-03', session: 'AM', code: '/', schoolId: 'school-a', receivedAt: received },
      { date: '2025-03-03', session: 'PM', code: 'O', schoolId: 'school-a', receivedAt: received },
    ]);
  });

  it('reads a correction as one mark for its session, received when the correction was', () => {
    // given Monday afternoon corrected from O to I
    // then the correction adds one mark with the new code
    expect(marksAddedBy(correction)).toEqual([
      {
        date: '2025-03-03',
        session: 'PM',
        code: 'I',
        schoolId: 'school-a',
        receivedAt: '2025-03-10T09:00:00.000Z',
      },
    ]);
  });

  it('are the marks evolve appends to the journey, in order', () => {
    // given a registered pupil's register and its correction
    const state = [weekRecorded, correction].reduce(evolve, initialState());
    // then the journey's register is the marks of each event in turn
    expect(state.marks).toEqual([...marksAddedBy(weekRecorded), ...marksAddedBy(correction)]);
  });

  it('come only from the register events', () => {
    // given a register, a correction and a conversation
    const conversation = {
      type: 'ConversationRecorded',
      data: { conversationId: 'c1', heldOn: '2025-03-04' },
    } as unknown as PupilEvent;
    // then only the first two change the register alone
    expect([weekRecorded, correction, conversation].map(isRegisterEvent)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
