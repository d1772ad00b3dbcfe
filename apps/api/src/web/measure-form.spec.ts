import { Field, fieldFor, hiddenValues, measureBody } from './measure-form';

const PENALTY_NOTICE: Field[] = [
  { kind: 'radios', name: 'parentId', label: 'Who the notice is to', choices: [] },
  { kind: 'date', name: 'offenceFrom', path: 'offencePeriod.from', label: 'The first day' },
  { kind: 'radios', name: 'reason', label: 'The main reason', optional: true, choices: [] },
  { kind: 'money', name: 'amount', label: 'The amount paid' },
  { kind: 'lines', name: 'steps', label: 'What the parents will do' },
  { kind: 'radios', name: 'weeks', label: 'The period', number: true, optional: true, choices: [] },
];

describe('a formal-measure form, as the API body it becomes', () => {
  it('given dates, choices, money and lines, when sent, then it is the body the DTO takes', () => {
    expect(
      measureBody(PENALTY_NOTICE, {
        parentId: 'parent-1',
        'offenceFrom-day': '6',
        'offenceFrom-month': '1',
        'offenceFrom-year': '2025',
        amount: '£80',
        steps: 'Up by 7:30\r\n\r\n Bus to school \n',
        weeks: '6',
      }),
    ).toEqual({
      body: {
        parentId: 'parent-1',
        offencePeriod: { from: '2025-01-06' },
        amount: 80,
        steps: ['Up by 7:30', 'Bus to school'],
        weeks: 6,
      },
      errors: [],
    });
  });

  it('given nothing, when sent, then each required field says what to enter or select, in words', () => {
    expect(measureBody(PENALTY_NOTICE, {}).errors).toEqual([
      { field: 'parentId', messages: ['Select who the notice is to'] },
      { field: 'offenceFrom', messages: ['Enter the first day'] },
      { field: 'amount', messages: ['Enter the amount paid'] },
      { field: 'steps', messages: ['Enter what the parents will do'] },
    ]);
  });

  it('given a date that does not exist and an amount that is not money, when sent, then both are refused', () => {
    const { errors } = measureBody(PENALTY_NOTICE, {
      parentId: 'parent-1',
      'offenceFrom-day': '31',
      'offenceFrom-month': '2',
      'offenceFrom-year': '2025',
      amount: 'eighty',
      steps: 'Up by 7:30',
    });
    expect(errors).toEqual([
      {
        field: 'offenceFrom',
        messages: ['The first day must be a real date, for example 27 3 2025'],
      },
      {
        field: 'amount',
        messages: ['The amount paid must be an amount in pounds, like 80 or 160'],
      },
    ]);
  });

  it('given a DTO error on a nested path, then it belongs to the field that holds that path', () => {
    expect(fieldFor(PENALTY_NOTICE, 'offencePeriod.from')).toBe('offenceFrom');
  });

  it('given a confirmed form, then its values travel as hidden fields without the token or the revision', () => {
    expect(
      hiddenValues({ _csrf: 't', revision: '7', confirm: 'yes', parentIds: ['a', 'b'], note: '' }),
    ).toEqual([
      { name: 'parentIds', value: 'a' },
      { name: 'parentIds', value: 'b' },
    ]);
  });
});
