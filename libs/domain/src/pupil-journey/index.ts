import { decide } from './decide';
import { evolve } from './evolve';
import { initialState } from './state';

export * from './vocabulary';
export * from './events';
export * from './commands';
export * from './state';
export { decide, evolve };
export * from './summary';
export * from './next-actions';
export * from './decide/refusals';
export * from './penalty-notice-decision';
export type { LinkedFamily } from './decide/guards';
export * from './deadlines';
export { stageAfter } from './stage';
export * from './dated-facts';
export { DeadlineNoLongerApplies } from './decide/deadlines';
export { NotAllocatedTo } from './decide/people';

export const pupilStreamId = (pupilId: string) => `pupil-${pupilId}`;
export const pupilJourneyDecider = { initialState, evolve, decide };
export { TaskNotOpen } from './decide/tasks';
