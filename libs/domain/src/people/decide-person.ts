import { dateOf } from '../calendar';
import { DomainError, InvalidInput } from '../errors';
import { happenedOn } from '../pupil-journey/dated-facts';
import {
  ERASURE_BASES,
  PERSON_KINDS,
  PersonCommand,
  PersonEvent,
  PersonState,
  SealedDetails,
} from './person-events';

export class PersonRefused extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidInput(`${field} must be given.`, { field });
  return value;
};

/** Details sealed under another person's key could never be erased with this person: refuse them. */
function ownSeal(details: SealedDetails, personId: string): SealedDetails {
  if (details?.alg !== 'A256GCM' || details.keyId !== personId)
    throw new InvalidInput("A person's details must be sealed under their own key.", {
      field: 'details',
    });
  return details;
}

export function decidePerson(command: PersonCommand, state: PersonState, now: Date): PersonEvent[] {
  const today = dateOf(now);
  const on = (given: string | undefined, field: string) => happenedOn(given, field, { today });
  if (command.type === 'RecordPerson') {
    const recordedOn = on(command.recordedOn, 'recordedOn');
    if (state.status !== 'unrecorded')
      throw new PersonRefused('already-recorded', 'This person is already recorded.');
    if (!(PERSON_KINDS as readonly string[]).includes(command.kind))
      throw new InvalidInput(`A person is one of: ${PERSON_KINDS.join(', ')}.`, { field: 'kind' });
    const personId = text(command.personId, 'personId');
    return [
      {
        type: 'PersonRecorded',
        data: {
          personId,
          kind: command.kind,
          details: ownSeal(command.details, personId),
          recordedOn,
        },
      },
    ];
  }
  if (state.status === 'unrecorded')
    throw new PersonRefused('person-not-recorded', 'There is no such person.');
  switch (command.type) {
    case 'CorrectPersonDetails': {
      if (state.status === 'erased')
        throw new PersonRefused(
          'person-erased',
          "This person's details were erased; record them again as a new person if the LA may hold them.",
        );
      const correctedOn = on(command.correctedOn, 'correctedOn');
      return [
        {
          type: 'PersonDetailsCorrected',
          data: {
            personId: state.personId,
            details: ownSeal(command.details, state.personId),
            reason: text(command.reason, 'reason'),
            correctedOn,
          },
        },
      ];
    }
    case 'ErasePerson': {
      // Erasing again records nothing, so an erasure cut short before its key was destroyed
      // can be sent again to finish it.
      if (state.status === 'erased') return [];
      if (!(ERASURE_BASES as readonly string[]).includes(command.basis))
        throw new InvalidInput(`An erasure's basis is one of: ${ERASURE_BASES.join(', ')}.`, {
          field: 'basis',
        });
      const erasedOn = on(command.erasedOn, 'erasedOn');
      return [
        {
          type: 'PersonErased',
          data: {
            personId: state.personId,
            basis: command.basis,
            reason: text(command.reason, 'reason'),
            erasedOn,
          },
        },
      ];
    }
    default: {
      const _never: never = command;
      throw new InvalidInput(
        `"${(_never as { type: string }).type}" is not a command a person knows.`,
        { field: 'type' },
      );
    }
  }
}
