/** The family decider (`family-<id>` stream); see family-events.ts for what it records. */
import { decideFamily } from './decide-family';
import { evolveFamily, initialFamilyState } from './evolve-family';

export * from './family-events';
export * from './plan-targets';
export { decideFamily, FamilyRefused, NotAParentOrCarer } from './decide-family';
export { evolveFamily, initialFamilyState } from './evolve-family';

export const familyStreamId = (familyId: string) => `family-${familyId}`;

export const familyDecider = {
  initialState: initialFamilyState,
  evolve: evolveFamily,
  decide: decideFamily,
};
