import { decide } from './decide';
import { evolve } from './evolve';
import { initialState } from './state';

export * from './vocabulary';
export * from './events';
export * from './commands';
export * from './state';
export { evolve } from './evolve';
export { decide } from './decide';
export * from './summary';
export {
  JourneyRefused,
  SupportFirstRequired,
  NotOfCompulsorySchoolAge,
  ParentNotLinked,
} from './decide/guards';

export const pupilStreamId = (pupilId: string) => `pupil-${pupilId}`;
export const pupilJourneyDecider = { initialState, evolve, decide };
