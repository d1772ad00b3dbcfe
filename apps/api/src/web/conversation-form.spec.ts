import { conversationForm } from './conversation-form';

describe('the conversation form, as the API body it becomes', () => {
  it('given a date, people, barriers and steps, when sent, then it is the body POST /conversations takes', () => {
    expect(
      conversationForm({
        'heldOn-day': '3',
        'heldOn-month': '3',
        'heldOn-year': '2025',
        withWhom: ['pupil', 'parent-or-carer'],
        barriers: 'anxiety',
        barrierNotes: '  ',
        pupilVoice: ' Corridors are crowded ',
        agreedNextSteps: 'Morning check-in\r\n\r\nQuiet room at lunch\n',
      }),
    ).toEqual({
      body: {
        heldOn: '2025-03-03',
        withWhom: ['pupil', 'parent-or-carer'],
        barriers: ['anxiety'],
        pupilVoice: 'Corridors are crowded',
        agreedNextSteps: ['Morning check-in', 'Quiet room at lunch'],
      },
      errors: [],
    });
  });

  it('given nothing, when sent, then it asks for the date and who it was with, in words', () => {
    expect(conversationForm({}).errors).toEqual([
      { field: 'heldOn', messages: ['Enter the date of the conversation'] },
      { field: 'withWhom', messages: ['Select who the conversation was with'] },
    ]);
  });

  it('given a date that is not one, when sent, then it says what a real date looks like', () => {
    const { errors } = conversationForm({
      'heldOn-day': '3',
      'heldOn-month': 'March',
      'heldOn-year': '25',
      withWhom: 'pupil',
    });
    expect(errors).toEqual([
      {
        field: 'heldOn',
        messages: ['The date of the conversation must be a real date, for example 27 3 2025'],
      },
    ]);
  });
});
