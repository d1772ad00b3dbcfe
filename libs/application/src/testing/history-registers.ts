/**
 * The registers of a generated history: every school week each open pupil's school sends its
 * marks (Friday afternoon); `N` codes are replaced in the next register (the domain records the
 * change as a correction), and now and then a mark is corrected weeks later by hand.
 */
import {
  addDays,
  AttendanceCode,
  compulsorySchoolAge,
  currentMarks,
  isUnauthorised,
  IsoDate,
  Session,
  SessionMark,
} from '@app/domain';
import type { Process, StepBuilder } from './history-steps';
import type { SimPupil, World } from './history-world';

const SESSIONS: Session[] = ['AM', 'PM'];
const present = (session: Session): AttendanceCode => (session === 'AM' ? '/' : '\\');

function troubled(p: SimPupil, monday: IsoDate): boolean {
  return (
    p.troubleFrom !== undefined &&
    monday >= p.troubleFrom &&
    (p.improvedFrom === undefined || monday < p.improvedFrom)
  );
}

/** One week's marks for one pupil, as its school would send them. */
export function weekOfMarks(p: SimPupil, monday: IsoDate): SessionMark[] {
  const rng = p.rng;
  if (p.holidayWeeks.has(monday))
    return [0, 1, 2, 3, 4].flatMap((d) =>
      SESSIONS.map((session) => ({ date: addDays(monday, d), session, code: 'G' as const })),
    );
  const bad = troubled(p, monday);
  const suspended = rng.chance(0.003) ? rng.int(0, 3) : -1;
  const marks: SessionMark[] = [];
  for (let d = 0; d < 5; d += 1) {
    const date = addDays(monday, d);
    for (const session of SESSIONS) {
      let code: AttendanceCode | undefined;
      const r = rng.next();
      if (suspended >= 0 && (d === suspended || d === suspended + 1)) code = 'E';
      else if (p.partTime && d === 4 && session === 'PM') code = 'C2';
      else if (bad)
        code =
          r < 0.14
            ? 'O'
            : r < 0.16
              ? 'G'
              : r < 0.19
                ? 'N'
                : r < 0.24
                  ? 'I'
                  : r < 0.25
                    ? 'M'
                    : undefined;
      else code = r < 0.008 ? 'O' : r < 0.012 ? 'N' : r < 0.04 ? 'I' : r < 0.045 ? 'M' : undefined;
      code ??= rng.chance(0.02) ? 'L' : present(session);
      marks.push({ date, session, code });
    }
  }
  if (bad && p.minUnauthorisedPerWeek > 0) {
    // Enforcement needs the national threshold met: make sure of it rather than hope for it.
    let short = p.minUnauthorisedPerWeek - marks.filter((m) => isUnauthorised(m.code)).length;
    for (const m of marks) {
      if (short <= 0) break;
      if (!isUnauthorised(m.code) && m.code !== 'E' && m.code !== 'C2') {
        m.code = 'O';
        short -= 1;
      }
    }
  }
  return marks;
}

/** A late correction a school might make by hand: lateness recorded, or illness evidenced. */
function correctionOf(p: SimPupil, code: AttendanceCode): AttendanceCode | undefined {
  if (code === '/' || code === '\\') return 'L';
  // Enforcement journeys keep their unauthorised absence: it is the evidence for a notice.
  if (code === 'O' && p.minUnauthorisedPerWeek === 0 && p.holidayWeeks.size === 0) return 'I';
  return undefined;
}

export function* registers(p: SimPupil, w: World, step: StepBuilder): Process {
  const ageEnds = compulsorySchoolAge(p.dateOfBirth).ends;
  let pendingN: (SessionMark & { schoolId: string })[] = [];
  const weeks = w.calendar.schoolWeeks;
  for (let i = 0; i < weeks.length; i += 1) {
    const monday = weeks[i];
    const friday = addDays(monday, 4);
    if (monday < p.registersOn) continue;
    if (friday > ageEnds) {
      // The pupil has left compulsory education: the case closes once nothing is outstanding.
      yield step.pupil(p, friday, '17:00', w.registerImport, () => {
        if (p.state.status !== 'open' || p.state.penaltyNotices.some((n) => n.status === 'issued'))
          return null;
        p.agedOut = true;
        return { type: 'CloseCase', reason: 'no-longer-compulsory-school-age' };
      });
      if (p.agedOut) return;
      continue;
    }
    const marks = weekOfMarks(p, monday);
    const replaced = pendingN;
    pendingN = [];
    const replacements = replaced.map((m) => ({
      ...m,
      code: (p.minUnauthorisedPerWeek > 0 || p.rng.chance(0.5) ? 'O' : 'I') as AttendanceCode,
    }));
    yield step.pupil(p, friday, '16:00', w.registerImport, () => {
      if (p.state.status !== 'open') return null;
      const schoolId = p.state.schoolId;
      const earlier = replacements.filter((m) => m.schoolId === schoolId);
      pendingN = marks.filter((m) => m.code === 'N').map((m) => ({ ...m, schoolId }));
      return {
        type: 'RecordMarks',
        schoolId,
        from: earlier.length ? earlier[0].date : monday,
        to: friday,
        marks: [...earlier.map(({ date, session, code }) => ({ date, session, code })), ...marks],
      };
    });
    if (i > 2 && p.rng.chance(0.025)) {
      const back = weeks[i - p.rng.int(1, 3)];
      const date = addDays(back, p.rng.int(0, 4));
      const session = p.rng.pick(SESSIONS);
      yield step.pupil(p, addDays(friday, 4), '11:00', p.school.worker, () => {
        if (p.state.status !== 'open') return null;
        const schoolId = p.state.schoolId;
        const standing = currentMarks(p.state.marks).find(
          (m) => m.date === date && m.session === session && m.schoolId === schoolId,
        );
        const code = standing && correctionOf(p, standing.code);
        if (!code) return null;
        return {
          type: 'CorrectMark',
          schoolId,
          date,
          session,
          code,
          reason: code === 'L' ? 'Arrived before the register closed' : 'Medical evidence received',
        };
      });
    }
  }
}
