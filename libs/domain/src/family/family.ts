/** The family decider (`family-<id>` stream); see family-events.ts for what it records. */
import { decideFamily } from './decide-family';
import { evolveFamily, initialFamilyState } from './evolve-family';

export * from './family-events';
export * from './plan-targets';
export { decideFamily, FamilyRefused, NotAParentOrCarer } from './decide-family';
export { evolveFamily, initialFamilyState } from './evolve-family';

export const familyStreamId = (familyId: string) => `family-${familyId}`;

/** As PUPIL_JOURNEY_STATE_VERSION, for a family's state: raise it with any change to its fold. */
export const FAMILY_STATE_VERSION = 'family/1';
export const familyDecider = {
  stateVersion: FAMILY_STATE_VERSION,
  initialState: initialFamilyState,
  evolve: evolveFamily,
  decide: decideFamily,
};
