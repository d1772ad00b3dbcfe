/**
 * Specs that read like the guidance:
 *   given([registered, ...]).when(issuePenaltyNotice(...), context).then([penaltyNoticeIssued(...)])
 */
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import type { DecisionContext } from '../decision-context';
import type { FamilyState } from '../family/family';
import type { PupilCommand } from '../pupil-journey/commands';
import { decide } from '../pupil-journey/decide';
import type { PupilEvent } from '../pupil-journey/events';
import { evolve } from '../pupil-journey/evolve';
import { initialState, PupilJourney } from '../pupil-journey/state';

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

export function given(history: PupilEvent[]) {
  return {
    when(command: PupilCommand, context: DecisionContext) {
      const run = () => decide(command, fold(history), context);
      return {
        then(expected: PupilEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenRecords(matcher: (events: PupilEvent[]) => void) {
          matcher(run());
        },
        thenRefuses(error: new (...args: never[]) => Error, message?: RegExp | string) {
          expect(run).toThrow(error);
          if (message) expect(run).toThrow(message);
        },
      };
    },
  };
}
