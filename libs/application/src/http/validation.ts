import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

export interface FieldErrors {
  field: string;
  messages: string[];
}

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', messages }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrors[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    // class-validator names only the leaf ("from must be ..."): say which `from` it is.
    const own = e.constraints
      ? [
          {
            field,
            messages: Object.entries(e.constraints).map(([constraint, m]) =>
              constraint === 'whitelistValidation'
                ? `${field} is not a field this request accepts`
                : field !== e.property && m.startsWith(`${e.property} `)
                  ? `${field}${m.slice(e.property.length)}`
                  : m,
            ),
          },
        ]
      : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Unknown fields are refused, never silently dropped: the API's bodies and the web pages' forms alike. */
const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

/**
 * Validates a plain object against a DTO class as the API's pipe does, for callers that show the
 * failures themselves (the web pages' forms, next to each field).
 */
export async function validateAs<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ value: T; errors: [] } | { value: null; errors: FieldErrors[] }> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, VALIDATOR_OPTIONS);
  return errors.length
    ? { value: null, errors: flattenValidationErrors(errors) }
    : { value, errors: [] };
}

/**
 * The `detail` of a 400: the first reason itself ("improvementWeeks must be a whole number between
 * 3 and 6."), since a caseworker reads the message and not `errors[]`; the other fields, if any,
 * are named after it.
 */
export function validationDetail(flat: readonly FieldErrors[]): string {
  const [first, ...rest] = flat;
  if (!first) return 'The request is not valid.';
  const reason = first.messages[0] ?? `${first.field} is not valid`;
  const others = [...new Set(rest.map((f) => f.field).filter((f) => f !== first.field))];
  return `${reason.replace(/\.$/, '')}.${others.length ? ` Also correct: ${others.join(', ')}.` : ''}`;
}

/** Whitelist, forbid unknown fields, transform to DTO classes; failures are a 400 naming each field. */
export const validationPipe = () =>
  new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const flat = flattenValidationErrors(errors);
      return new BadRequestException({
        type: 'urn:attendance-casework:problem:validation',
        title: 'The request is not valid',
        detail: validationDetail(flat),
        code: 'validation',
        errors: flat,
      });
    },
  });
