/** The person decider (`person-<id>` stream); see person-events.ts for what it records. */
import { decidePerson } from './decide-person';
import { evolvePerson, initialPersonState } from './evolve-person';

export * from './person-events';
export { decidePerson, PersonRefused } from './decide-person';
export { evolvePerson, initialPersonState } from './evolve-person';

export const PERSON_STREAM_PREFIX = 'person-';
export const personStreamId = (personId: string) => `${PERSON_STREAM_PREFIX}${personId}`;

export const personDecider = {
  initialState: initialPersonState,
  evolve: evolvePerson,
  decide: decidePerson,
};
