import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', messages }`. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
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
): Promise<
  { value: T; errors: [] } | { value: null; errors: { field: string; messages: string[] }[] }
> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, VALIDATOR_OPTIONS);
  return errors.length
    ? { value: null, errors: flattenValidationErrors(errors) }
    : { value, errors: [] };
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
        detail: `Please correct: ${flat.map((f) => f.field).join(', ')}.`,
        code: 'validation',
        errors: flat,
      });
    },
  });
