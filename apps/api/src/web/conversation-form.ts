/**
 * The conversation form's fields (a GOV.UK date input, checkboxes, text areas) turned into the body
 * the API's RecordConversationDto validates, with the messages a caseworker needs for what the form
 * itself can tell is missing. Everything else is left to the DTO, so the rules live in one place.
 */
import { dateField, FieldError, list, text } from './form-fields';

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

export function conversationForm(form: ConversationForm): {
  body: Record<string, unknown>;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const heldOn = dateField({ ...form }, 'heldOn', 'the date of the conversation', errors);
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
