import { isValidDate } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists (no 30 February). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isValidDate(v),
        defaultMessage: (a) => `${a?.property} must be a real date in the form YYYY-MM-DD`,
      },
    },
    options,
  );

/**
 * A whole number in a range, refused with one sentence naming both ends ("improvementWeeks must be
 * a whole number between 3 and 6") rather than class-validator's "must not be greater than 6".
 */
export const IntegerBetween = (min: number, max: number) => {
  const message = `$property must be a whole number between ${min} and ${max}`;
  return applyDecorators(IsInt({ message }), Min(min, { message }), Max(max, { message }));
};

/** A required date field. */
export const DateField = (example = '2025-03-03', description?: string) =>
  applyDecorators(ApiProperty({ example, description, format: 'date' }), IsCalendarDate());
export const OptionalDateField = (example = '2025-03-03', description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ example, description, format: 'date' }),
    IsOptional(),
    IsCalendarDate(),
  );

/**
 * The day a fact happened, for a command that records one: left out, today. The domain refuses a
 * day after today or before the pupil's date of birth (libs/domain dated-facts.ts).
 */
export const HappenedOnField = (example = '2025-03-03') =>
  OptionalDateField(
    example,
    "The day it happened (default: today). Never in the future, nor before the pupil's date of birth.",
  );

/** Free text a caseworker writes: required, bounded. */
export const TextField = (max: number, example: string) =>
  applyDecorators(
    ApiProperty({ example, maxLength: max }),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
  );
export const OptionalTextField = (max: number, example: string) =>
  applyDecorators(
    ApiPropertyOptional({ example, maxLength: max }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

/** An id: letters, digits, hyphens and underscores (UUIDs included). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IdField = (example = 'school-1042') =>
  applyDecorators(
    ApiProperty({ example, pattern: ID_PATTERN.source }),
    IsString(),
    Matches(ID_PATTERN, {
      message: '$property must be an id of letters, digits, - or _ (at most 64)',
    }),
  );
