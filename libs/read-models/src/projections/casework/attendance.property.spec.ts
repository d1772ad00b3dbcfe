/**
 * The figures the casework views show, kept from a register by week, are the figures the
 * mark-level rules give over the pupil's whole history, after every register: whatever the
 * corrections, dual registration, weeks straddling 1 August, and a change of the code of
 * conduct's school-week basis between registers.
 */
import fc from 'fast-check';
import { AttendanceMark, IsoDate, SCHOOL_WEEK_BASES, weekStart } from '@app/domain';
import { randomRegister } from '@app/domain/testing/random-registers';
import {
  AttendanceState,
  figuresFrom,
  markFigures,
  recordMarks,
  settleFigures,
  storedWeeksFor,
} from './attendance';
import type { WeekRegister } from './documents';
import { countWeek } from './register';
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

/** As the store keeps it: a copy read back from JSON. */
const stored = <T>(doc: T): T => (doc === undefined ? doc : (JSON.parse(JSON.stringify(doc)) as T));

/**
 * Records a register as the views do: the week registers it is for read from `store` (one
 * document each, read back from JSON) and the changed ones stored again.
 */
function record(
  state: AttendanceState,
  store: Map<IsoDate, WeekRegister>,
  marks: AttendanceMark[],
): void {
  const registers = new Map(
    storedWeeksFor(state, marks).map((monday) => [monday, stored(store.get(monday))]),
  );
  for (const week of recordMarks(state, registers, marks)) store.set(week.monday, stored(week));
}

const emptyState = (): AttendanceState => ({ weeks: {}, figures: EMPTY_FIGURES });

describe('attendance figures from the register kept by week', () => {
  it('equal the mark-level figures over the whole history after every register', () => {
    fc.assert(
      fc.property(registers, (history) => {
        // given the pupil's document as the store keeps it (read back from JSON each time)
        let state = emptyState();
        const store = new Map<IsoDate, WeekRegister>();
        const received: AttendanceMark[] = [];
        for (const register of history) {
          // when a register is recorded and its figures worked out
          state = stored(state);
          record(state, store, register.marks);
          settleFigures(state, register.basis);
          received.push(...register.marks);
          // then its figures are those of the marks received so far
          expect(state.figures).toEqual(markFigures(received, register.basis));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('equal the mark-level figures when several registers are recorded before they are worked out', () => {
    fc.assert(
      fc.property(registers, fc.integer({ min: 1, max: 8 }), (history, perBatch) => {
        // given registers recorded a batch at a time, the figures worked out at each batch's end
        const state = emptyState();
        const store = new Map<IsoDate, WeekRegister>();
        const received: AttendanceMark[] = [];
        history.forEach((register, i) => {
          record(state, store, register.marks);
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

  it("keep in the pupil's document only the weeks the figures of the moment read", () => {
    fc.assert(
      fc.property(registers, (history) => {
        // given a history of registers, however long
        const state = emptyState();
        const store = new Map<IsoDate, WeekRegister>();
        for (const register of history) {
          // when each is recorded
          record(state, store, register.marks);
          settleFigures(state, register.basis);
          // then the document keeps no week before the first the figures read
          const firstRead = weekStart(figuresFrom(state.figures.asOf as IsoDate));
          expect(Object.keys(state.weeks).filter((monday) => monday < firstRead)).toEqual([]);
        }
        // and keeps every week from it on, with its register's totals
        const firstRead = weekStart(figuresFrom(state.figures.asOf ?? '1970-01-01'));
        const read = [...store].filter(([monday]) => monday >= firstRead);
        expect(state.weeks).toEqual(Object.fromEntries(read.map(([m, w]) => [m, countWeek(w)])));
      }),
      { numRuns: 100 },
    );
  });

  it('leave the state as it was when a register brings no marks', () => {
    const state = emptyState();
    expect(recordMarks(state, new Map(), [])).toEqual([]);
    settleFigures(state, undefined);
    expect(state).toEqual(emptyState());
    expect(markFigures([], undefined)).toEqual(EMPTY_FIGURES);
  });
});
