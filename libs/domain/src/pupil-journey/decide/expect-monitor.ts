import { daysBetween } from '../../calendar';
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import { categoryOf, currentMarks, isValidUpn } from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent, SessionMark } from '../events';
import { checkHappenedOn } from '../dated-facts';
import type { PupilJourney } from '../state';
import { NO_FLAGS, SCHOOL_TYPES } from '../vocabulary';
import {
  JourneyRefused,
  notInFuture,
  requireDate,
  requireNewId,
  requireOneOf,
  requireText,
  today,
} from './guards';

/** A batch of marks covers at most a school term's worth of days at once (imports send weeks). */
export const MAX_BATCH_DAYS = 120;

export function registerPupil(
  c: PupilCommandOf<'RegisterPupil'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (state.status !== 'unregistered')
    throw new JourneyRefused('already-registered', 'This pupil is already registered.');
  requireDate(c.dateOfBirth, 'dateOfBirth');
  notInFuture(c.dateOfBirth, context, 'dateOfBirth');
  checkHappenedOn(c, { today: today(context), dateOfBirth: c.dateOfBirth });
  if (c.upn !== undefined && !isValidUpn(c.upn))
    throw new InvalidInput(
      `"${c.upn}" is not a valid unique pupil number (its check letter does not match).`,
      { field: 'upn' },
    );
  return [
    {
      type: 'PupilRegistered',
      data: {
        pupilId: c.pupilId,
        reference: requireText(c.reference, 'reference'),
        upn: c.upn ?? null,
        dateOfBirth: c.dateOfBirth,
        schoolId: c.schoolId,
        schoolType: requireOneOf(c.schoolType, SCHOOL_TYPES, 'schoolType'),
        yearGroup: c.yearGroup,
        flags: { ...NO_FLAGS, ...c.flags },
        registeredOn: c.registeredOn ?? today(context),
      },
    },
  ];
}

export const updateFlags = (
  c: PupilCommandOf<'UpdateVulnerabilityFlags'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] => [
  {
    type: 'VulnerabilityFlagsUpdated',
    data: { flags: { ...state.flags, ...c.flags }, updatedOn: c.updatedOn ?? today(context) },
  },
];

export function changeSchool(
  c: PupilCommandOf<'ChangeSchool'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (c.schoolId === state.schoolId)
    throw new JourneyRefused('same-school', 'The pupil is already at this school.');
  return [
    {
      type: 'SchoolChanged',
      data: {
        schoolId: c.schoolId,
        schoolType: c.schoolType,
        yearGroup: c.yearGroup,
        changedOn: c.changedOn ?? today(context),
      },
    },
  ];
}

export function linkToFamily(
  c: PupilCommandOf<'LinkToFamily'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (state.familyId === c.familyId) return [];
  if (state.familyId !== null)
    throw new JourneyRefused(
      'already-in-a-family',
      `The pupil is linked to family ${state.familyId}; unlink them there first.`,
    );
  return [
    {
      type: 'LinkedToFamily',
      data: { familyId: c.familyId, linkedOn: c.linkedOn ?? today(context) },
    },
  ];
}

export function recordMarks(
  c: PupilCommandOf<'RecordMarks'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireDate(c.from, 'from');
  requireDate(c.to, 'to');
  if (c.to < c.from)
    throw new InvalidInput(`The register period ends (${c.to}) before it starts (${c.from}).`, {
      field: 'to',
    });
  if (daysBetween(c.from, c.to) > MAX_BATCH_DAYS)
    throw new InvalidInput(`A batch of marks may cover at most ${MAX_BATCH_DAYS} days.`, {
      field: 'to',
    });
  notInFuture(c.to, context, 'to');
  const batch = new Map<string, SessionMark>();
  for (const m of c.marks) {
    requireDate(m.date, 'marks.date');
    if (m.date < c.from || m.date > c.to)
      throw new InvalidInput(`A mark for ${m.date} falls outside ${c.from} to ${c.to}.`, {
        field: 'marks.date',
      });
    categoryOf(m.code);
    const key = `${m.date} ${m.session}`;
    const earlier = batch.get(key);
    if (earlier && earlier.code !== m.code)
      throw new InvalidInput(`The session ${key} has two different codes in one batch.`, {
        field: 'marks',
      });
    batch.set(key, { date: m.date, session: m.session, code: m.code });
  }
  // Only what changes the register is recorded: re-sending the same register is a no-op, and a
  // session that already had a different code is a correction (both dates are kept).
  const standing = new Map(
    currentMarks(state.marks)
      .filter((m) => m.schoolId === c.schoolId)
      .map((m) => [`${m.date} ${m.session}`, m.code]),
  );
  const receivedAt = context.now.toISOString();
  const fresh = [...batch.entries()].filter(([key]) => !standing.has(key)).map(([, m]) => m);
  const events: PupilEvent[] = [];
  if (fresh.length)
    events.push({
      type: 'AttendanceMarksRecorded',
      data: { schoolId: c.schoolId, from: c.from, to: c.to, marks: fresh, receivedAt },
    });
  for (const [key, m] of batch) {
    const previous = standing.get(key);
    if (previous === undefined || previous === m.code) continue;
    events.push({
      type: 'AttendanceMarkCorrected',
      data: {
        schoolId: c.schoolId,
        ...m,
        previousCode: previous,
        reason: 'Re-coded in a later register',
        receivedAt,
      },
    });
  }
  return events;
}

export function correctMark(
  c: PupilCommandOf<'CorrectMark'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireDate(c.date, 'date');
  categoryOf(c.code);
  const standing = currentMarks(state.marks).find(
    (m) => m.date === c.date && m.session === c.session && m.schoolId === c.schoolId,
  );
  if (standing?.code === c.code) return [];
  return [
    {
      type: 'AttendanceMarkCorrected',
      data: {
        schoolId: c.schoolId,
        date: c.date,
        session: c.session,
        code: c.code,
        previousCode: standing?.code ?? null,
        reason: requireText(c.reason, 'reason'),
        receivedAt: context.now.toISOString(),
      },
    },
  ];
}

export function raiseConcern(
  c: PupilCommandOf<'RaiseConcern'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.concernId, 'concern');
  return [
    {
      type: 'ConcernRaised',
      data: {
        concernId: c.concernId,
        raisedOn: c.raisedOn ?? today(context),
        raisedBy: c.rule ? 'rule' : 'person',
        rule: c.rule ?? null,
        summary: requireText(c.summary, 'summary'),
      },
    },
  ];
}
