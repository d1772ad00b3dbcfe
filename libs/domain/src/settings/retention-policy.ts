/**
 * How long the LA keeps each kind of attendance record once its case is closed (`settings-retention`
 * stream): the LA's own retention schedule, adopted by an administrator; these defaults until then.
 * UK GDPR art 5(1)(e) forbids keeping personal data longer than needed; no statute fixes these
 * periods for attendance casework, so each default below is a period LAs' published schedules use,
 * with its source and how far it could be checked (README, "Personal data").
 */
import { addYears, type IsoDate } from '../calendar';
import { InvalidInput } from '../errors';

export const RETENTION_POLICY_STREAM = 'settings-retention';

export interface RetentionPolicy {
  /** Years after a case is closed. */
  closedCasesYears: number;
  /** Years after the last day of the pupil's registers held here. */
  attendanceRegistersYears: number;
  /** Years after a notice to improve or penalty notice was settled (paid, withdrawn, prosecuted, period ended). */
  noticesYears: number;
  /** Years after a prosecution's outcome (or, with none recorded, after it was laid). */
  prosecutionsYears: number;
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  // "Case closed + 6 years" (CASE+6, the Limitation Act 1980's six years): the default LAs'
  // published children's services schedules use, e.g. Derbyshire County Council's.
  closedCasesYears: 6,
  // Every register entry is kept for at least 6 years (School Attendance (Pupil Registration)
  // (England) Regulations 2024, SI 2024/208, reg 7; 3 years under the 2006 Regulations).
  attendanceRegistersYears: 6,
  // SI 2007/1867 reg 20 makes the LA keep records of each notice, without a period: CASE+6.
  noticesYears: 6,
  // Court files: CASE+6 after the outcome, as for the case itself.
  prosecutionsYears: 6,
};

export const RETENTION_KINDS = Object.keys(DEFAULT_RETENTION_POLICY) as (keyof RetentionPolicy)[];

/** Whole years, 1 to 100: a record kept for ever is a schedule nobody chose. */
export function validateRetentionPolicy(candidate: Partial<RetentionPolicy>): RetentionPolicy {
  const policy = { ...DEFAULT_RETENTION_POLICY };
  for (const kind of RETENTION_KINDS) {
    const value = candidate?.[kind];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > 100)
      throw new InvalidInput(
        `Retention policy: ${kind} must be a whole number of years from 1 to 100.`,
        {
          field: kind,
        },
      );
    policy[kind] = value;
  }
  return policy;
}

export type RetentionPolicyEvent = {
  type: 'RetentionPolicyAdopted';
  data: { policy: RetentionPolicy; adoptedOn: IsoDate };
};
export type RetentionPolicyCommand = {
  type: 'AdoptRetentionPolicy';
  policy: Partial<RetentionPolicy>;
};

export const retentionPolicyDecider = {
  initialState: (): { current: RetentionPolicy } => ({ current: DEFAULT_RETENTION_POLICY }),
  evolve: (_state: { current: RetentionPolicy }, event: RetentionPolicyEvent) => ({
    current: event.data.policy,
  }),
  decide: (
    command: RetentionPolicyCommand,
    _state: { current: RetentionPolicy },
    now: Date,
  ): RetentionPolicyEvent[] => [
    {
      type: 'RetentionPolicyAdopted',
      data: {
        policy: validateRetentionPolicy(command.policy),
        adoptedOn: now.toISOString().slice(0, 10),
      },
    },
  ],
};

/** The dates a case's retention runs from: the last of each kind of record it holds. */
export interface RetentionFacts {
  /** The day the case was closed; null while it is open (an open case is never past retention). */
  closedOn: IsoDate | null;
  lastRegisterOn: IsoDate | null;
  lastNoticeSettledOn: IsoDate | null;
  lastProsecutionOn: IsoDate | null;
}

/** The first day every record of the case is past its retention period; null while it is open. */
export function retentionEndsOn(facts: RetentionFacts, policy: RetentionPolicy): IsoDate | null {
  if (facts.closedOn === null) return null;
  const ends = [
    addYears(facts.closedOn, policy.closedCasesYears),
    facts.lastRegisterOn && addYears(facts.lastRegisterOn, policy.attendanceRegistersYears),
    facts.lastNoticeSettledOn && addYears(facts.lastNoticeSettledOn, policy.noticesYears),
    facts.lastProsecutionOn && addYears(facts.lastProsecutionOn, policy.prosecutionsYears),
  ].filter((d): d is IsoDate => typeof d === 'string');
  return ends.sort().at(-1)!;
}
