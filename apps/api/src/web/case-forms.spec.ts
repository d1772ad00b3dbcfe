import {
  CONCERN_FORM,
  CONTRACT_REVIEW_FORM,
  PANEL_REFERRAL_FORM,
  SUPPORT_ACTION_FORM,
  SUPPORT_OUTCOME_FORM,
} from './case-forms';

describe("the case's forms, as the API bodies they become", () => {
  it('given a concern with no date, when sent, then it is the body POST /concerns takes (today by default)', () => {
    expect(CONCERN_FORM.read({ summary: '  Late most mornings ', 'raisedOn-day': '' })).toEqual({
      body: { summary: 'Late most mornings' },
      errors: [],
    });
  });

  it('given an empty support action, when sent, then it asks for each answer in words', () => {
    expect(SUPPORT_ACTION_FORM.read({ description: '   ' }).errors).toEqual([
      { field: 'kind', messages: ['Select the kind of support'] },
      { field: 'description', messages: ['Enter what the support is'] },
      { field: 'startedOn', messages: ['Enter the date the support started'] },
    ]);
  });

  it('given a date that is not in the calendar, when sent, then it says what a real date looks like', () => {
    const { errors } = CONTRACT_REVIEW_FORM.read({
      'reviewedOn-day': '31',
      'reviewedOn-month': '2',
      'reviewedOn-year': '2025',
      outcome: 'on-track',
    });
    expect(errors).toEqual([
      {
        field: 'reviewedOn',
        messages: ['The date of the review must be a real date, for example 27 3 2025'],
      },
    ]);
  });

  it('given an outcome and whether the family engaged, when sent, then engagement is a yes or no', () => {
    expect(SUPPORT_OUTCOME_FORM.read({ outcome: 'did-not-help', familyEngaged: 'no' })).toEqual({
      body: { outcome: 'did-not-help', familyEngaged: false },
      errors: [],
    });
    expect(SUPPORT_OUTCOME_FORM.read({ outcome: 'helped' }).errors).toEqual([
      { field: 'familyEngaged', messages: ['Select whether the family engaged'] },
    ]);
  });

  it('given a referral, when it becomes a command, then it carries the new id and the item forms the item', () => {
    expect(PANEL_REFERRAL_FORM.command({ reason: 'Stuck' }, { newId: 'ref-1' })).toEqual({
      type: 'ReferToPanel',
      referralId: 'ref-1',
      reason: 'Stuck',
    });
    expect(
      SUPPORT_OUTCOME_FORM.command(
        { outcome: 'helped', familyEngaged: true },
        { newId: 'unused', itemId: 'support-1' },
      ),
    ).toEqual({
      type: 'RecordSupportOutcome',
      supportId: 'support-1',
      outcome: 'helped',
      familyEngaged: true,
    });
  });
});
