/**
 * Triage for the attendance panel: which referred case should the panel take first.
 *
 * WTISA 2024 asks for the most intensive, multi-agency support to go where absence is severe and
 * where there are safeguarding or vulnerability concerns, and for panels to unstick cases where
 * support has been tried without effect. The weights below are our judgement, documented here and
 * returned with every priority as its reasons, so a panel chair can see and challenge them.
 */
import { daysBetween, IsoDate } from '../calendar';

export interface TriageInput {
  severeAbsence: boolean;
  persistentAbsence: boolean;
  flags: {
    childProtectionPlan: boolean;
    lookedAfter: boolean;
    childInNeed: boolean;
    ehcp: boolean;
    senSupport: boolean;
    fsm: boolean;
    youngCarer: boolean;
  };
  /** When the journey left "expect" (the first concern), or registration when none was raised. */
  journeyStartedOn: IsoDate;
  referredOn: IsoDate;
  supportTried: number;
  /** Support that ended without helping, or where the family did not engage. */
  supportThatDidNotWork: number;
}

export interface Triage {
  priority: number;
  reasons: string[];
}

export const TRIAGE_WEIGHTS = {
  severeAbsence: 40,
  persistentAbsence: 20,
  childProtectionPlan: 25,
  lookedAfter: 20,
  childInNeed: 15,
  ehcp: 10,
  senSupport: 5,
  fsm: 5,
  youngCarer: 5,
  /** Per full 4 weeks on the journey before the referral, up to `maxTime`. */
  per4Weeks: 2,
  maxTime: 20,
  /** Per support that did not work, up to `maxStuck`. */
  perSupportThatDidNotWork: 5,
  maxStuck: 15,
  /** Referred with no support tried yet. */
  noSupportTried: 10,
} as const;

const FLAG_REASONS: [keyof TriageInput['flags'], string][] = [
  ['childProtectionPlan', 'child protection plan'],
  ['lookedAfter', 'looked after'],
  ['childInNeed', 'child in need'],
  ['ehcp', 'EHC plan'],
  ['senSupport', 'SEN support'],
  ['fsm', 'free school meals'],
  ['youngCarer', 'young carer'],
];

export function triage(input: TriageInput): Triage {
  const w = TRIAGE_WEIGHTS;
  let priority = 0;
  const reasons: string[] = [];
  const add = (points: number, reason: string) => {
    priority += points;
    reasons.push(`${reason} (+${points})`);
  };
  if (input.severeAbsence) add(w.severeAbsence, 'severe absence');
  else if (input.persistentAbsence) add(w.persistentAbsence, 'persistent absence');
  for (const [flag, label] of FLAG_REASONS) if (input.flags[flag]) add(w[flag], label);
  const weeks = Math.max(0, daysBetween(input.journeyStartedOn, input.referredOn)) / 7;
  const time = Math.min(w.maxTime, Math.floor(weeks / 4) * w.per4Weeks);
  if (time > 0) add(time, `${Math.floor(weeks)} weeks on the journey`);
  if (input.supportTried === 0) add(w.noSupportTried, 'no support tried yet');
  const stuck = Math.min(w.maxStuck, input.supportThatDidNotWork * w.perSupportThatDidNotWork);
  if (stuck > 0) add(stuck, `${input.supportThatDidNotWork} support(s) did not work`);
  return { priority, reasons };
}
