import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { validationDetail, validationPipe } from './validation';

class PeriodDto {
  @IsIn(['2025-01-06']) from!: string;
}
class BodyDto {
  @IsInt() @Min(3) @Max(6) weeks!: number;
  @ValidateNested() @Type(() => PeriodDto) period!: PeriodDto;
}

async function refusal(body: unknown) {
  try {
    await validationPipe().transform(body, { type: 'body', metatype: BodyDto });
  } catch (e) {
    return (e as BadRequestException).getResponse() as {
      detail: string;
      errors: { field: string; messages: string[] }[];
    };
  }
  throw new Error('expected a refusal');
}

describe('a 400 for bad input says why in its detail', () => {
  it('given one bad field, the detail is its first reason', async () => {
    const problem = await refusal({ weeks: 9, period: { from: '2025-01-06' } });
    expect(problem.detail).toBe('weeks must not be greater than 6.');
  });

  it('given a bad nested field, the reason names it by its path', async () => {
    const problem = await refusal({ weeks: 4, period: { from: 'soon' } });
    expect(problem.errors).toEqual([
      {
        field: 'period.from',
        messages: ['period.from must be one of the following values: 2025-01-06'],
      },
    ]);
    expect(problem.detail).toBe('period.from must be one of the following values: 2025-01-06.');
  });

  it('given several bad fields, the detail gives the first reason and names the others', async () => {
    const problem = await refusal({ weeks: 1, period: { from: 'soon' }, extra: true });
    const [first, ...others] = problem.errors;
    expect(problem.detail).toBe(
      `${first.messages[0]}. Also correct: ${others.map((e) => e.field).join(', ')}.`,
    );
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['extra', 'period.from', 'weeks']);
    expect(problem.errors.find((e) => e.field === 'extra')?.messages).toEqual([
      'extra is not a field this request accepts',
    ]);
  });

  it('given no field errors at all, still says the request is not valid', () => {
    expect(validationDetail([])).toBe('The request is not valid.');
  });
});
