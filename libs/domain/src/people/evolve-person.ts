import { InvalidInput } from '../errors';
import type { PersonEvent, PersonState } from './person-events';

export const initialPersonState = (): PersonState => ({
  status: 'unrecorded',
  personId: '',
  kind: undefined,
  recordedOn: undefined,
  details: undefined,
  correctedOn: undefined,
  erasure: undefined,
});

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRecorded':
      return {
        ...state,
        status: 'recorded',
        personId: event.data.personId,
        kind: event.data.kind,
        recordedOn: event.data.recordedOn,
        details: event.data.details,
      };
    case 'PersonDetailsCorrected':
      return { ...state, details: event.data.details, correctedOn: event.data.correctedOn };
    case 'PersonErased': {
      const { basis, reason, erasedOn } = event.data;
      return {
        ...state,
        status: 'erased',
        details: undefined,
        erasure: { basis, reason, erasedOn },
      };
    }
    default: {
      const _never: never = event;
      throw new InvalidInput(
        `The person holds an event of unknown type "${(_never as { type: string }).type}"; upcast it before folding.`,
        { field: 'type' },
      );
    }
  }
}
