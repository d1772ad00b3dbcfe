import { InvalidInput } from '../errors';
import {
  decidePerson,
  evolvePerson,
  initialPersonState,
  PersonCommand,
  PersonEvent,
  PersonRefused,
  personStreamId,
  SealedDetails,
} from './person';

const now = new Date('2025-03-03T10:00:00Z');
const TODAY = '2025-03-03';
const sealed = (keyId = 'mum', ciphertext = 'c1'): SealedDetails => ({
  alg: 'A256GCM',
  keyId,
  iv: 'iv',
  ciphertext,
  tag: 't',
});

const givenPerson = (history: PersonEvent[]) => ({
  when: (command: PersonCommand) => {
    const run = () =>
      decidePerson(command, history.reduce(evolvePerson, initialPersonState()), now);
    return {
      then: (expected: PersonEvent[]) => expect(run()).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message: RegExp) => {
        expect(run).toThrow(error);
        expect(run).toThrow(message);
      },
    };
  },
});

const recorded: PersonEvent = {
  type: 'PersonRecorded',
  data: { personId: 'mum', kind: 'parent-or-carer', details: sealed(), recordedOn: TODAY },
};
const erased: PersonEvent = {
  type: 'PersonErased',
  data: { personId: 'mum', basis: 'erasure-request', reason: 'Art 17 request', erasedOn: TODAY },
};

describe('recording a person', () => {
  it('records a parent with their sealed details on the day of the command', () => {
    givenPerson([])
      .when({ type: 'RecordPerson', personId: 'mum', kind: 'parent-or-carer', details: sealed() })
      .then([recorded]);
  });

  it('records a person once', () => {
    givenPerson([recorded])
      .when({ type: 'RecordPerson', personId: 'mum', kind: 'parent-or-carer', details: sealed() })
      .thenThrows(PersonRefused, /already recorded/);
  });

  it("refuses details sealed under another person's key, which erasing this person would not erase", () => {
    givenPerson([])
      .when({ type: 'RecordPerson', personId: 'mum', kind: 'pupil', details: sealed('dad') })
      .thenThrows(InvalidInput, /their own key/);
  });

  it('refuses a kind of person it does not know', () => {
    givenPerson([])
      .when({
        type: 'RecordPerson',
        personId: 'mum',
        kind: 'neighbour' as 'pupil',
        details: sealed(),
      })
      .thenThrows(InvalidInput, /pupil, parent-or-carer/);
  });

  it('lives in its own stream', () => {
    expect(personStreamId('mum')).toBe('person-mum');
  });
});

describe('correcting a person’s details', () => {
  it('records the correction with its reason', () => {
    givenPerson([recorded])
      .when({
        type: 'CorrectPersonDetails',
        personId: 'mum',
        details: sealed('mum', 'c2'),
        reason: 'Moved house',
      })
      .then([
        {
          type: 'PersonDetailsCorrected',
          data: {
            personId: 'mum',
            details: sealed('mum', 'c2'),
            reason: 'Moved house',
            correctedOn: TODAY,
          },
        },
      ]);
  });

  it('corrects no one who was never recorded', () => {
    givenPerson([])
      .when({ type: 'CorrectPersonDetails', personId: 'mum', details: sealed(), reason: 'x' })
      .thenThrows(PersonRefused, /no such person/);
  });

  it('corrects no one whose details were erased', () => {
    givenPerson([recorded, erased])
      .when({ type: 'CorrectPersonDetails', personId: 'mum', details: sealed(), reason: 'x' })
      .thenThrows(PersonRefused, /erased/);
  });

  it('folds the latest correction into the details in force', () => {
    const corrected: PersonEvent = {
      type: 'PersonDetailsCorrected',
      data: { personId: 'mum', details: sealed('mum', 'c2'), reason: 'x', correctedOn: TODAY },
    };
    const state = [recorded, corrected].reduce(evolvePerson, initialPersonState());
    expect(state.details).toEqual(sealed('mum', 'c2'));
  });
});

describe('erasing a person (UK GDPR art 17, the retention schedule)', () => {
  it('records the erasure with its basis and reason', () => {
    givenPerson([recorded])
      .when({
        type: 'ErasePerson',
        personId: 'mum',
        basis: 'erasure-request',
        reason: 'Art 17 request',
      })
      .then([erased]);
  });

  it('records nothing when the person is already erased, so a cut-short erasure can be finished', () => {
    givenPerson([recorded, erased])
      .when({ type: 'ErasePerson', personId: 'mum', basis: 'erasure-request', reason: 'again' })
      .then([]);
  });

  it('wants a reason', () => {
    givenPerson([recorded])
      .when({ type: 'ErasePerson', personId: 'mum', basis: 'erasure-request', reason: ' ' })
      .thenThrows(InvalidInput, /reason must be given/);
  });

  it('wants a basis it knows', () => {
    givenPerson([recorded])
      .when({
        type: 'ErasePerson',
        personId: 'mum',
        basis: 'whim' as 'erasure-request',
        reason: 'x',
      })
      .thenThrows(InvalidInput, /basis is one of/);
  });

  it('keeps no sealed details in the state once erased', () => {
    const state = [recorded, erased].reduce(evolvePerson, initialPersonState());
    expect(state).toMatchObject({ status: 'erased', details: undefined });
  });
});
