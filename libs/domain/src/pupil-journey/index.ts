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
export { namesParentOrCarer } from './decide/guards';
export * from './deadlines';
export { isPupilEventType, stageAfter } from './stage';
export * from './dated-facts';
export { isRegisterEvent, marksAddedBy, RegisterEvent } from './register-marks';
export { DeadlineNoLongerApplies } from './decide/deadlines';
export { NotAllocatedTo } from './decide/people';

export const pupilStreamId = (pupilId: string) => `pupil-${pupilId}`;
/**
 * What `initialState` and `evolve` make of a pupil's events, as a version: raise it with any
 * change that would fold the same events into a different state. A stored snapshot carries the
 * version that folded it and is ignored once this differs (the stream is folded from its start).
 */
export const PUPIL_JOURNEY_STATE_VERSION = 'pupil-journey/1';
export const pupilJourneyDecider = {
  initialState,
  evolve,
  decide,
  stateVersion: PUPIL_JOURNEY_STATE_VERSION,
};
export { TaskNotOpen } from './decide/tasks';
