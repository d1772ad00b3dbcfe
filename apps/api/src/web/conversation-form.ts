/**
 * The conversation form's fields (a GOV.UK date input, checkboxes, text areas) turned into the body
 * the API's RecordConversationDto validates, with the messages a caseworker needs for what the form
 * itself can tell is missing. Everything else is left to the DTO, so the rules live in one place.
 */
export interface ConversationForm {
  'heldOn-day'?: string;
  'heldOn-month'?: string;
  'heldOn-year'?: string;
  withWhom?: string | string[];
  barriers?: string | string[];
  barrierNotes?: string;
  pupilVoice?: string;
  agreedNextSteps?: string;
}

export const WITH_WHOM = [
  { value: 'pupil', text: 'The pupil' },
  { value: 'parent-or-carer', text: 'A parent or carer' },
  { value: 'school-staff', text: 'School staff' },
  { value: 'other-professional', text: 'Another professional' },
] as const;

type FieldError = { field: string; messages: string[] };

const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== '');

const text = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

export function conversationForm(form: ConversationForm): {
  body: Record<string, unknown>;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const [day, month, year] = [form['heldOn-day'], form['heldOn-month'], form['heldOn-year']].map(
    (v) => v?.trim() ?? '',
  );
  let heldOn: string | undefined;
  if (!day && !month && !year) {
    errors.push({ field: 'heldOn', messages: ['Enter the date of the conversation'] });
  } else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    errors.push({
      field: 'heldOn',
      messages: ['The date of the conversation must be a real date, for example 27 3 2025'],
    });
  } else {
    heldOn = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  const withWhom = list(form.withWhom);
  if (!withWhom.length)
    errors.push({ field: 'withWhom', messages: ['Select who the conversation was with'] });
  const body: Record<string, unknown> = {
    heldOn,
    withWhom,
    barriers: list(form.barriers),
    agreedNextSteps: (form.agreedNextSteps ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  };
  const barrierNotes = text(form.barrierNotes);
  const pupilVoice = text(form.pupilVoice);
  if (barrierNotes) body.barrierNotes = barrierNotes;
  if (pupilVoice) body.pupilVoice = pupilVoice;
  return { body, errors };
}
