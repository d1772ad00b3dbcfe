/**
 * The fields of a formal-measure form (GOV.UK date inputs, radios, checkboxes, text) turned into
 * the body the API's DTO validates, with the messages a caseworker needs for what the form itself
 * can tell is missing or malformed. Everything else is left to the DTO and the domain, so the rules
 * live in one place.
 */
export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

interface BaseField {
  /** The form field's name and the input's id. */
  name: string;
  /** Where the value goes in the body (`offencePeriod.from`); the name when left out. */
  path?: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

export type Field =
  /** `today`: the form starts with today's date in it. */
  | (BaseField & { kind: 'date'; today?: boolean })
  | (BaseField & { kind: 'text' | 'textarea' })
  /** One item per line, as a list. */
  | (BaseField & { kind: 'lines' })
  | (BaseField & { kind: 'money' })
  | (BaseField & { kind: 'radios' | 'checkboxes'; choices: Choice[]; number?: boolean });

export type FormValues = Record<string, string | string[] | undefined>;
export type FieldError = { field: string; messages: string[] };

const listOf = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== '');
const textOf = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** The date's three inputs, or an error in words; undefined when all three are empty. */
function dateOf(form: FormValues, f: Field): { value?: string; error?: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => textOf(form[`${f.name}-${p}`]));
  if (!day && !month && !year) return f.optional ? {} : { error: `Enter ${lower(f.label)}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { error: `${f.label} must be a real date, for example 27 3 2025` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso)
    return { error: `${f.label} must be a real date, for example 27 3 2025` };
  return { value: iso };
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (!rest.length) {
    body[head] = value;
    return;
  }
  const inner = (body[head] ??= {}) as Record<string, unknown>;
  setPath(inner, rest.join('.'), value);
}

/** The body for the DTO, and what the form alone can say is wrong (by field name). */
export function measureBody(
  fields: readonly Field[],
  form: FormValues,
): { body: Record<string, unknown>; errors: FieldError[] } {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const fail = (f: Field, message: string) => errors.push({ field: f.name, messages: [message] });
  for (const f of fields) {
    const path = f.path ?? f.name;
    switch (f.kind) {
      case 'date': {
        const { value, error } = dateOf(form, f);
        if (error) fail(f, error);
        else if (value) setPath(body, path, value);
        break;
      }
      case 'text':
      case 'textarea': {
        const value = textOf(form[f.name]);
        if (value) setPath(body, path, value);
        else if (!f.optional) fail(f, `Enter ${lower(f.label)}`);
        break;
      }
      case 'lines': {
        const lines = textOf(form[f.name])
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean);
        if (lines.length || f.optional) setPath(body, path, lines);
        else fail(f, `Enter ${lower(f.label)}`);
        break;
      }
      case 'money': {
        const value = textOf(form[f.name]).replace(/^£/, '');
        if (!value) {
          if (!f.optional) fail(f, `Enter ${lower(f.label)}`);
        } else if (!/^\d+(\.\d{1,2})?$/.test(value)) {
          fail(f, `${f.label} must be an amount in pounds, like 80 or 160`);
        } else setPath(body, path, Number(value));
        break;
      }
      case 'radios': {
        const value = textOf(form[f.name]);
        if (value) setPath(body, path, f.number ? Number(value) : value);
        else if (!f.optional) fail(f, `Select ${lower(f.label)}`);
        break;
      }
      case 'checkboxes': {
        const values = listOf(form[f.name]);
        if (values.length || f.optional) setPath(body, path, values);
        else fail(f, `Select ${lower(f.label)}`);
        break;
      }
      default: {
        const never: never = f;
        throw new Error(`Unknown field ${String(never)}`);
      }
    }
  }
  return { body, errors };
}

/** A DTO's error for `offencePeriod.from` belongs to the field whose path it is. */
export function fieldFor(fields: readonly Field[], dtoField: string): string {
  const bare = dtoField.replace(/\[\d+\]$/, '');
  return fields.find((f) => (f.path ?? f.name) === bare)?.name ?? fields[0]?.name ?? bare;
}

/** The input an error summary links to: a date's day, a group's first choice, else the field. */
export function inputIdFor(fields: readonly Field[], name: string): string {
  const f = fields.find((x) => x.name === name);
  if (f?.kind === 'date') return `${name}-day`;
  return name;
}

/** The form's values as hidden fields on the confirmation page, lists repeated. */
export function hiddenValues(form: FormValues): { name: string; value: string }[] {
  return Object.entries(form)
    .filter(([name]) => !['_csrf', 'confirm', 'revision'].includes(name))
    .flatMap(([name, value]) => listOf(value).map((v) => ({ name, value: v })));
}

/** A form's first values: today's date where a field asks for it, then the measure's own. */
export function formDefaults(fields: readonly Field[], today: string, own: FormValues): FormValues {
  const dates = fields.filter((f) => f.kind === 'date' && f.today);
  return Object.assign({}, ...dates.map((f) => dateDefaults(f.name, today)), own);
}

/** A date as the three inputs of a GOV.UK date input, for a form's default. */
export function dateDefaults(name: string, iso: string | null | undefined): FormValues {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
}
