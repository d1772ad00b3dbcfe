import { MemoryEventStore } from '@app/event-store';
import { StreamExecutor } from '../commands/stream-executor';
import { StreamStates } from '../commands/stream-states';
import { MemoryKeyStore } from './memory-key-store';
import {
  ExecutePersonCommand,
  ExecutePersonCommandHandler,
  PersonRequest,
} from './person-commands';
import { PersonalDataCipher } from './personal-data-cipher';
import {
  ERASED,
  fullNameOf,
  PersonalDetailsReader,
  personFields,
  personIdsIn,
} from './personal-details';

describe('the people a view names', () => {
  it('finds ids under parentId, pupilId and personId, and in parentIds and pupilIds, at any depth', () => {
    const view = {
      pupilId: 'p-1',
      openItems: { notices: [{ noticeId: 'n', parentId: 'mum' }] },
      items: [{ parentIds: ['dad', 'mum'] }, { nested: { personId: 'gran' } }],
      pupilIds: ['p-2'],
    };
    expect([...personIdsIn(view)].sort()).toEqual(['dad', 'gran', 'mum', 'p-1', 'p-2']);
  });

  it('takes no other field for an id', () => {
    expect([...personIdsIn({ noticeId: 'n', reference: 'M', parentId: 7 })]).toEqual([]);
  });
});

describe("a person's fields as a view shows them", () => {
  const base = {
    personId: 'mum',
    kind: 'parent-or-carer' as const,
    recordedOn: '2025-01-06',
    recordedBy: 'u',
    revision: 0n,
  };

  it('shows the name and a one-line address while held', () => {
    expect(
      personFields({
        ...base,
        status: 'held',
        details: {
          givenName: 'Jane',
          familyName: 'Smith',
          address: { lines: ['1 High Street', 'Headingley'], town: 'Leeds', postcode: 'LS6 2AB' },
          email: 'jane@example.org',
        },
      }),
    ).toEqual({
      kind: 'parent-or-carer',
      status: 'held',
      name: 'Jane Smith',
      address: '1 High Street, Headingley, Leeds, LS6 2AB',
      email: 'jane@example.org',
    });
  });

  it('shows every field as erased once erased', () => {
    expect(personFields({ ...base, status: 'erased' })).toEqual({
      kind: 'parent-or-carer',
      status: 'erased',
      name: ERASED,
      address: ERASED,
      email: ERASED,
      phone: ERASED,
    });
  });
});

describe('people read from kept states, as current as their streams', () => {
  const jane = {
    givenName: 'Jane',
    familyName: 'Smith',
    address: { lines: ['1 High Street'], town: 'Leeds', postcode: 'LS6 2AB' },
  };
  const who = (actor: string) => ({
    actor,
    role: 'attendance-officer',
    correlationId: 'c',
    causationId: 'c',
  });
  let store: MemoryEventStore;
  let cipher: PersonalDataCipher;
  /** A process of its own: its own executor and kept states, the same store and keys. */
  const processOn = () => {
    const states = new StreamStates(store);
    const executor = new StreamExecutor(store, undefined, states);
    const handler = new ExecutePersonCommandHandler(
      executor,
      cipher,
      () => new Date('2025-01-06T09:00:00Z'),
    );
    const send = (request: PersonRequest, actor = 'officer-1') =>
      handler.execute(new ExecutePersonCommand(request, who(actor)));
    return { send, reader: new PersonalDetailsReader(store, cipher, states) };
  };
  beforeEach(() => {
    store = new MemoryEventStore();
    cipher = new PersonalDataCipher(new MemoryKeyStore());
  });
  afterEach(() => store.close());

  it('given a person this process has read, when another process corrects their details, then the next read shows the correction and who first recorded them', async () => {
    const here = processOn();
    const elsewhere = processOn();
    await here.send(
      { type: 'RecordPerson', personId: 'mum', kind: 'parent-or-carer', details: jane },
      'officer-1',
    );
    expect(fullNameOf(await here.reader.of('mum'))).toBe('Jane Smith');
    await elsewhere.send(
      {
        type: 'CorrectPersonDetails',
        personId: 'mum',
        details: { ...jane, familyName: 'Jones' },
        reason: 'Married',
      },
      'officer-2',
    );
    const read = await here.reader.of('mum');
    expect(read).toMatchObject({ status: 'held', recordedBy: 'officer-1', revision: 1n });
    expect(fullNameOf(read)).toBe('Jane Jones');
  });

  it('given people this process has read, when another process erases one, then every view shows them erased', async () => {
    const here = processOn();
    const elsewhere = processOn();
    for (const personId of ['mum', 'dad'])
      await here.send({ type: 'RecordPerson', personId, kind: 'parent-or-carer', details: jane });
    await here.reader.peopleIn({ parentIds: ['mum', 'dad'] });
    await elsewhere.send({
      type: 'ErasePerson',
      personId: 'dad',
      basis: 'retention-period-ended',
      reason: 'Retention period ended',
    });
    const people = await here.reader.peopleIn({ parentIds: ['mum', 'dad', 'never-recorded'] });
    expect(Object.keys(people).sort()).toEqual(['dad', 'mum']);
    expect(people.mum.name).toBe('Jane Smith');
    expect(people.dad).toMatchObject({ status: 'erased', name: ERASED });
    await expect(here.reader.of('dad')).resolves.toMatchObject({
      status: 'erased',
      erasure: { basis: 'retention-period-ended' },
    });
  });
});
