import { ERASED, personFields, personIdsIn } from './personal-details';

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
