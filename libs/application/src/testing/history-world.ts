/**
 * The simulated local authority of a generated history: schools, staff, families and pupils, each
 * pupil with the stage its journey is meant to reach and the route it takes there. Everything is
 * drawn from the seed; nothing here writes events.
 */
import {
  addDays,
  IsoDate,
  PupilJourney,
  pupilJourneyDecider,
  SchoolType,
  Stage,
  STAGES,
  upnCheckLetter,
  VulnerabilityFlags,
} from '@app/domain';
import { Prng } from './prng';
import { SchoolCalendar } from './school-calendar';

export interface Staff {
  actor: string;
  role: string;
}

export interface SimSchool {
  schoolId: string;
  name: string;
  schoolType: SchoolType;
  worker: Staff;
}

export interface SimParent {
  parentId: string;
  reference: string;
  relationship: string;
  hasParentalResponsibility: boolean;
  hasDayToDayCare: boolean;
}

export interface SimFamily {
  familyId: string;
  reference: string;
  parents: SimParent[];
  /** Set once its registration steps are under way (siblings only link to it). */
  registered: boolean;
}

/** How a pupil's journey goes beyond support. */
export type Route = 'none' | 'contract' | 'supervision-order' | 'neglect' | 'holiday';

export interface SimPupil {
  index: number;
  pupilId: string;
  reference: string;
  /** Unique pupil number; a few pupils have none yet. */
  upn?: string;
  rng: Prng;
  family: SimFamily;
  school: SimSchool;
  yearGroup: number;
  dateOfBirth: IsoDate;
  flags: Partial<VulnerabilityFlags>;
  /** A part-time timetable (C2 on Friday afternoons). */
  partTime: boolean;
  /** The highest stage the journey is meant to reach (if the history is long enough). */
  target: Stage;
  route: Route;
  /** Enforcement after an attendance contract that was not kept (else straight from the panel). */
  enforceAfterContract: boolean;
  registersOn: IsoDate;
  /** From this Monday the pupil's absence worsens (monitor and beyond). */
  troubleFrom?: IsoDate;
  /** From this date attendance recovers. */
  improvedFrom?: IsoDate;
  /** While troubled, at least this many unauthorised sessions a week (enforcement needs a threshold met). */
  minUnauthorisedPerWeek: number;
  /** Mondays of weeks taken as a term-time holiday (all sessions G). */
  holidayWeeks: Set<IsoDate>;
  /** The journey as the domain folded it from the events written so far. */
  state: PupilJourney;
  highestStage: number;
  agedOut: boolean;
}

export interface World {
  calendar: SchoolCalendar;
  schools: SimSchool[];
  families: SimFamily[];
  pupils: SimPupil[];
  workers: Staff[];
  officers: Staff[];
  chair: Staff;
  admin: Staff;
  registerImport: Staff;
}

/** Share of pupils whose journey is meant to reach at least each stage beyond `expect`. */
export type StageFractions = Partial<Record<Exclude<Stage, 'expect'>, number>>;

export const DEFAULT_STAGE_FRACTIONS: Required<StageFractions> = {
  monitor: 0.5,
  'listen-and-understand': 0.36,
  'facilitate-support': 0.26,
  'formalise-support': 0.14,
  enforce: 0.07,
};

const SCHOOL_TYPE_MIX: SchoolType[] = [
  'maintained',
  'maintained',
  'academy',
  'academy',
  'academy',
  'free-school',
  'special',
  'alternative-provision',
  'independent',
];

/** Roughly how many school weeks a journey needs, from the first sign of trouble, to reach its stage. */
const SCHOOL_WEEKS_NEEDED: Record<Stage, number> = {
  expect: 0,
  monitor: 10,
  'listen-and-understand': 14,
  'facilitate-support': 22,
  'formalise-support': 34,
  enforce: 30,
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function targetOf(rng: Prng, fractions: Required<StageFractions>): Stage {
  const draw = rng.next();
  // Highest stage first: a pupil reaching `enforce` also counts as reaching every stage below it.
  for (let rank = STAGES.length - 1; rank >= 1; rank -= 1) {
    const stage = STAGES[rank] as Exclude<Stage, 'expect'>;
    if (draw < fractions[stage]) return stage;
  }
  return 'expect';
}

/** A date of birth that puts the pupil in `yearGroup` in the school year starting on `firstMonday`. */
function dateOfBirthFor(rng: Prng, yearGroup: number, firstMonday: IsoDate): IsoDate {
  const schoolYear = Number(firstMonday.slice(0, 4)) - (firstMonday.slice(5, 7) < '09' ? 1 : 0);
  const from = `${schoolYear - yearGroup - 5}-09-01`;
  return addDays(from, rng.int(0, 364));
}

function flagsFor(rng: Prng): Partial<VulnerabilityFlags> {
  const flags: Partial<VulnerabilityFlags> = {};
  if (rng.chance(0.24)) flags.fsm = true;
  if (rng.chance(0.13)) flags.senSupport = true;
  else if (rng.chance(0.04)) flags.ehcp = true;
  if (rng.chance(0.04)) flags.childInNeed = true;
  if (rng.chance(0.015)) flags.childProtectionPlan = true;
  if (rng.chance(0.012)) flags.lookedAfter = true;
  if (rng.chance(0.02)) flags.youngCarer = true;
  return flags;
}

export interface WorldOptions {
  pupils: number;
  schools: number;
  stageFractions: Required<StageFractions>;
  /** Share of pupils in a family with an older sibling already generated. */
  siblingShare: number;
}

export function buildWorld(rng: Prng, calendar: SchoolCalendar, o: WorldOptions): World {
  const workers = Array.from({ length: Math.max(1, Math.ceil(o.schools / 3)) }, (_, i) => ({
    actor: `worker-${pad(i + 1, 3)}`,
    role: 'link-worker',
  }));
  const schools: SimSchool[] = Array.from({ length: o.schools }, (_, i) => ({
    schoolId: `school-${pad(i + 1, 3)}`,
    name: `School ${i + 1}`,
    // The first two schools are always ones where every route is open.
    schoolType: i < 2 ? (['maintained', 'academy'] as const)[i] : rng.pick(SCHOOL_TYPE_MIX),
    worker: workers[i % workers.length],
  }));
  const formalSchools = schools.filter((s) => s.schoolType !== 'independent');
  const years = Math.ceil(calendar.schoolWeeks.length / 39);
  const families: SimFamily[] = [];
  const firstRegistration = new Map<SimFamily, IsoDate>();
  const pupils: SimPupil[] = [];

  for (let index = 0; index < o.pupils; index += 1) {
    const p = rng.fork(index);
    const target = targetOf(p, o.stageFractions);
    const formal = target === 'formalise-support' || target === 'enforce';
    const holiday = target === 'enforce' && p.chance(0.25);
    const flags = flagsFor(p);
    // Enforcement needs compulsory school age throughout: formal routes take younger pupils.
    const yearGroup = formal ? p.int(1, Math.max(1, 9 - years)) : p.int(1, 11);
    const weeks = calendar.schoolWeeks;
    const lateJoiner = !formal && p.chance(0.15);
    const registered = lateJoiner ? p.int(0, Math.min(weeks.length, 30) - 1) : 0;
    const registersOn = weeks[registered];
    // A sibling joins a family registered no later than they are (it is created at that registration).
    const joinable = families.filter((f) => (firstRegistration.get(f) as IsoDate) <= registersOn);
    const sibling = joinable.length > 0 && p.chance(o.siblingShare);
    const family = sibling ? p.pick(joinable) : newFamily(p, families.length);
    if (!sibling) {
      families.push(family);
      firstRegistration.set(family, registersOn);
    }
    // Absence worsens early enough for the journey to reach its stage, where the history allows.
    const earliest = Math.min(weeks.length - 1, registered + 1);
    const latest = Math.max(earliest, weeks.length - SCHOOL_WEEKS_NEEDED[target]);
    const troubleFrom = target === 'expect' || holiday ? undefined : weeks[p.int(earliest, latest)];
    const route: SimPupil['route'] = holiday
      ? 'holiday'
      : target === 'formalise-support' || target === 'enforce'
        ? flags.lookedAfter
          ? 'contract'
          : p.pick(['contract', 'contract', 'contract', 'supervision-order', 'neglect'] as const)
        : 'none';
    const school = formal ? p.pick(formalSchools) : p.pick(schools);
    const dateOfBirth = dateOfBirthFor(p, yearGroup, calendar.startsOn);
    pupils.push({
      index,
      pupilId: p.uuid(),
      reference: `P-${pad(index + 1, 6)}`,
      upn: p.chance(0.97) ? upnFor(school, dateOfBirth, index) : undefined,
      rng: p,
      family,
      school,
      yearGroup,
      dateOfBirth,
      flags,
      partTime: (flags.ehcp || flags.senSupport) === true && p.chance(0.15),
      target,
      route,
      enforceAfterContract: route === 'contract' && target === 'enforce',
      registersOn,
      troubleFrom,
      minUnauthorisedPerWeek: target === 'enforce' && !holiday ? 2 : 0,
      holidayWeeks: new Set(),
      state: pupilJourneyDecider.initialState(),
      highestStage: 0,
      agedOut: false,
    });
  }
  return {
    calendar,
    schools,
    families,
    pupils,
    workers,
    officers: [1, 2, 3].map((i) => ({ actor: `officer-${pad(i, 3)}`, role: 'attendance-officer' })),
    chair: { actor: 'chair-001', role: 'panel-chair' },
    admin: { actor: 'admin-001', role: 'admin' },
    registerImport: { actor: 'system:register-import', role: 'admin' },
  };
}

/** A UPN as a local authority allocates one: LA, school, year of entry, serial, and its check letter. */
function upnFor(school: SimSchool, dateOfBirth: IsoDate, index: number): string {
  const entry = String(Number(dateOfBirth.slice(0, 4)) + 5).slice(2);
  const body = `886${pad(2000 + Number(school.schoolId.slice(-3)), 4)}${entry}${pad(index % 1000, 3)}`;
  return `${upnCheckLetter(body)}${body}`;
}

function newFamily(rng: Prng, index: number): SimFamily {
  const parents: SimParent[] = [
    {
      parentId: rng.uuid(),
      reference: `F-${pad(index + 1, 6)}-A`,
      relationship: rng.pick(['mother', 'mother', 'father', 'grandmother', 'foster carer']),
      hasParentalResponsibility: true,
      hasDayToDayCare: true,
    },
  ];
  if (rng.chance(0.6))
    parents.push({
      parentId: rng.uuid(),
      reference: `F-${pad(index + 1, 6)}-B`,
      relationship: rng.pick(['father', 'father', 'mother', 'step-parent']),
      hasParentalResponsibility: rng.chance(0.85),
      hasDayToDayCare: rng.chance(0.5),
    });
  // s576: someone with neither parental responsibility nor day-to-day care is not a parent.
  for (const p of parents) if (!p.hasParentalResponsibility) p.hasDayToDayCare = true;
  return { familyId: rng.uuid(), reference: `F-${pad(index + 1, 6)}`, parents, registered: false };
}
