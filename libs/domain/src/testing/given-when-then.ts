/**
 * Specs that read like the guidance:
 *   given([registered, ...]).when(issuePenaltyNotice(...), context).then([penaltyNoticeIssued(...)])
 *   given([registered]).when(issuePenaltyNotice(...)).thenThrows(SupportFirstRequired, /support/i)
 * The same helper drives the pupil journey (`given`) and the family (`givenFamily`).
 */
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import type { DecisionContext } from '../decision-context';
import {
  decideFamily,
  evolveFamily,
  FamilyCommand,
  FamilyEvent,
  FamilyState,
  initialFamilyState,
} from '../family/family';
import type { PupilCommand } from '../pupil-journey/commands';
import { decide } from '../pupil-journey/decide';
import type { PupilEvent } from '../pupil-journey/events';
import { evolve } from '../pupil-journey/evolve';
import { initialState, PupilJourney } from '../pupil-journey/state';

/** The business day most specs happen on unless they say otherwise. */
export const SPEC_DAY = '2025-06-02';

export const contextOn = (
  date: string,
  family?: FamilyState,
  overrides: Partial<DecisionContext> = {},
): DecisionContext => ({
  now: new Date(`${date}T10:00:00.000Z`),
  codeOfConduct: NATIONAL_DEFAULTS,
  family,
  ...overrides,
});

export const fold = (events: PupilEvent[]): PupilJourney => events.reduce(evolve, initialState());
export const foldFamily = (events: FamilyEvent[]): FamilyState =>
  events.reduce(evolveFamily, initialFamilyState());

type ErrorClass = abstract new (...args: never[]) => Error;

function outcome<E>(run: () => E[]) {
  return {
    then(expected: E[]) {
      expect(run()).toEqual(expected);
    },
    /** For facts too long to spell out in full: the matcher inspects what was decided. */
    thenRecords(matcher: (events: E[]) => void) {
      matcher(run());
    },
    thenThrows(error: ErrorClass, message?: RegExp | string) {
      expect(run).toThrow(error as unknown as new (...args: never[]) => Error);
      if (message !== undefined) expect(run).toThrow(message);
    },
  };
}

export function given(history: PupilEvent[]) {
  return {
    when(command: PupilCommand, context: DecisionContext = contextOn(SPEC_DAY)) {
      return outcome(() => decide(command, fold(history), context));
    },
  };
}

export function givenFamily(history: FamilyEvent[]) {
  return {
    when(command: FamilyCommand, now: Date = contextOn(SPEC_DAY).now) {
      return outcome(() => decideFamily(command, foldFamily(history), now));
    },
  };
}
