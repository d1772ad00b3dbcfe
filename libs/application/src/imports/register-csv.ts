/**
 * Reads the register CSV (docs/imports.md) as a stream of rows: one row per pupil per day, a code
 * for each session. The header names the columns; `school` is optional when the import is given
 * a school. A row the parser cannot shape (wrong number of fields) comes back as `malformed`.
 */
import { CsvError, parse } from 'csv-parse';
import type { RegisterRow } from '@app/domain/pupil-journey/register-import';
import type { Readable } from 'node:stream';

export const REGISTER_COLUMNS = ['upn', 'school', 'date', 'am', 'pm'] as const;
const REQUIRED = ['upn', 'date', 'am', 'pm'] as const;

/** What a row may say about the pupil, for registering one the LA does not know yet. */
export interface PupilDetails {
  dateOfBirth?: string;
  yearGroup?: string;
  reference?: string;
}

export type CsvRow =
  | { kind: 'row'; row: RegisterRow; school: string | undefined; details: PupilDetails }
  | { kind: 'malformed'; line: number; reason: string };

/** The file is not a register this service can read (no header, missing columns, not CSV). */
export class UnreadableRegister extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnreadableRegister';
  }
}

export async function* readRegisterCsv(input: Readable): AsyncGenerator<CsvRow> {
  const parser = input.pipe(
    parse({
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }),
  );
  let columns: Record<string, number> | undefined;
  let width = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!columns) {
        const names = record.map((c) => c.toLowerCase());
        const missing = REQUIRED.filter((c) => !names.includes(c));
        if (missing.length)
          throw new UnreadableRegister(
            `The first line must name the columns ${REGISTER_COLUMNS.join(',')} (school optional); missing: ${missing.join(', ')}.`,
          );
        columns = Object.fromEntries(names.map((n, i) => [n, i]));
        width = record.length;
        continue;
      }
      if (record.length !== width) {
        yield {
          kind: 'malformed',
          line: info.lines,
          reason: `The row has ${record.length} fields; the header names ${width}.`,
        };
        continue;
      }
      const field = (name: string) =>
        columns![name] === undefined || record[columns![name]] === ''
          ? undefined
          : record[columns![name]];
      const school = field('school');
      yield {
        kind: 'row',
        school,
        details: {
          dateOfBirth: field('date_of_birth'),
          yearGroup: field('year_group'),
          reference: field('reference'),
        },
        row: {
          line: info.lines,
          upn: record[columns.upn].toUpperCase(),
          date: record[columns.date],
          am: record[columns.am],
          pm: record[columns.pm],
        },
      };
    }
  } catch (error) {
    if (error instanceof UnreadableRegister) throw error;
    // Every error the parser raises is about the file's content (its codes are not all prefixed
    // CSV_: INVALID_OPENING_QUOTE is not), so retrying cannot help: the import fails, naming the
    // line. Its message may quote the field's value, which is left out of the report.
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      const reason = error.message.replace(/,? value is [\s\S]*$/, '');
      throw new UnreadableRegister(
        `The file is not readable as CSV${line === undefined ? '' : ` at line ${line}`}: ${reason}. Correct the file and send it again.`,
      );
    }
    throw error;
  }
  if (!columns) throw new UnreadableRegister('The file is empty: it has no header line.');
}
