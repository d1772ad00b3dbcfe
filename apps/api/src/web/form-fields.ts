/**
 * What a GOV.UK form posts (three boxes for a date, repeated names for checkboxes, text areas),
 * read into the values the API's DTOs validate, with the GOV.UK messages for what only the form's
 * shape can tell: a date left empty or not a date. Every other rule is the DTO's or the domain's.
 */
import { isValidDate } from '@app/domain';

export type FieldError = { field: string; messages: string[] };

/** A posted form: each name once (a string) or repeated (a list). */
export type PostedForm = Record<string, string | string[] | undefined>;

export const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== '');

/** Trimmed text, or undefined when nothing but spaces was typed. */
export const text = (value: string | string[] | undefined): string | undefined => {
  const trimmed = (Array.isArray(value) ? value[0] : value)?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * The GOV.UK date input `field` (`field-day`, `field-month`, `field-year`) as `YYYY-MM-DD`. `what`
 * names it in messages ("the date of the conversation"). Left empty: an error when required,
 * otherwise undefined (the command's default, today).
 */
export function dateField(
  form: PostedForm,
  field: string,
  what: string,
  errors: FieldError[],
  required = true,
): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => text(form[`${field}-${p}`]) ?? '');
  if (!day && !month && !year) {
    if (required) errors.push({ field, messages: [`Enter ${what}`] });
    return undefined;
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (
    !/^\d{1,2}$/.test(day) ||
    !/^\d{1,2}$/.test(month) ||
    !/^\d{4}$/.test(year) ||
    !isValidDate(iso)
  ) {
    const sentence = what.charAt(0).toUpperCase() + what.slice(1);
    errors.push({ field, messages: [`${sentence} must be a real date, for example 27 3 2025`] });
    return undefined;
  }
  return iso;
}

/** `withWhom[2]` → `withWhom`: a list's item errors belong to the list's field. */
export const fieldOf = (field: string): string => field.replace(/\[\d+\]$/, '');

/**
 * The form's own errors first, then the DTO's for fields the form did not already fault, as the
 * error summary lists them (one message each) with the input each links to.
 */
export function errorsForPage(
  errors: FieldError[],
  inputOf: (field: string) => string = (f) => f,
): { errors: { text: string; href: string }[]; errorFor: Record<string, string> } {
  return {
    errors: errors.map((e) => ({ text: e.messages[0], href: `#${inputOf(fieldOf(e.field))}` })),
    errorFor: Object.fromEntries(errors.map((e) => [fieldOf(e.field), e.messages[0]])),
  };
}

/** The form's errors, then the DTO's on fields the form did not already fault. */
export const mergeErrors = (form: FieldError[], dto: FieldError[]): FieldError[] => [
  ...form,
  ...dto.filter((e) => !form.some((f) => f.field === fieldOf(e.field))),
];
