/**
 * The figures the casework views show, kept from a register by week, are the figures the
 * mark-level rules give over the pupil's whole history, after every register: whatever the
 * corrections, dual registration, weeks straddling 1 August, and a change of the code of
 * conduct's school-week basis between registers. And the register kept by week (a string of codes
 * per school-week, with when each mark was received) is the register as it stands: nothing the
 * rules or a later correction need is lost.
 */
import fc from 'fast-check';
import { AttendanceMark, compareMarks, currentMarks, SCHOOL_WEEK_BASES } from '@app/domain';
import { randomRegister } from '@app/domain/testing/random-registers';
import { AttendanceState, markFigures, recordMarks, settleFigures } from './attendance';
import { marksOf } from './register';
import { EMPTY_FIGURES } from './rows';

const basis = fc.constantFrom(undefined, ...SCHOOL_WEEK_BASES);

/** A history cut into registers (events), each received under the code of conduct of its day. */
const registers = fc
  .record({
    marks: randomRegister,
    cuts: fc.array(fc.record({ size: fc.integer({ min: 1, max: 40 }), basis }), {
      minLength: 1,
      maxLength: 30,
    }),
  })
  .map(({ marks, cuts }) => {
    const out: { marks: AttendanceMark[]; basis: (typeof cuts)[number]['basis'] }[] = [];
    for (let at = 0, i = 0; at < marks.length; i += 1) {
      const cut = cuts[i % cuts.length];
      out.push({ marks: marks.slice(at, at + cut.size), basis: cut.basis });
      at += cut.size;
    }
    return out;
  });

describe('attendance figures from the register kept by week', () => {
  it('equal the mark-level figures over the whole history after every register', () => {
    fc.assert(
      fc.property(registers, (history) => {
        // given the pupil's document as the store keeps it (read back from JSON each time)
        let state: AttendanceState = { marks: {}, figures: EMPTY_FIGURES };
        const received: AttendanceMark[] = [];
        for (const register of history) {
          // when a register is recorded and its figures worked out
          state = JSON.parse(JSON.stringify(state)) as AttendanceState;
          recordMarks(state, register.marks);
          settleFigures(state, register.basis);
          received.push(...register.marks);
          // then its figures are those of the marks received so far
          expect(state.figures).toEqual(markFigures(received, register.basis));
          // and its weeks hold the register as it stands, each mark with when it was received
          const kept = Object.entries(state.marks).flatMap(([monday, week]) =>
            marksOf(monday, week),
          );
          expect(kept.sort(compareMarks)).toEqual(currentMarks(received));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('equal the mark-level figures when several registers are recorded before they are worked out', () => {
    fc.assert(
      fc.property(registers, fc.integer({ min: 1, max: 8 }), (history, perBatch) => {
        // given registers recorded a batch at a time, the figures worked out at each batch's end
        const state: AttendanceState = { marks: {}, figures: EMPTY_FIGURES };
        const received: AttendanceMark[] = [];
        history.forEach((register, i) => {
          recordMarks(state, register.marks);
          received.push(...register.marks);
          if ((i + 1) % perBatch !== 0 && i !== history.length - 1) return;
          settleFigures(state, register.basis);
          // then they are those of the marks received so far
          expect(state.figures).toEqual(markFigures(received, register.basis));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('leave the state as it was when a register brings no marks', () => {
    const state: AttendanceState = { marks: {}, figures: EMPTY_FIGURES };
    recordMarks(state, []);
    settleFigures(state, undefined);
    expect(state).toEqual({ marks: {}, figures: EMPTY_FIGURES });
    expect(markFigures([], undefined)).toEqual(EMPTY_FIGURES);
  });
});
