/**
 * Reads a payment provider's file of penalty-notice payments (docs/payments-import.md): a header
 * `notice_reference,amount,date_paid`, then one payment per line. A line that cannot be read as a
 * payment comes back with its line number and why, so the import can list it and go on.
 */
import { isValidDate } from '@app/domain';
import { parse } from 'csv-parse/sync';

export const PAYMENT_COLUMNS = ['notice_reference', 'amount', 'date_paid'] as const;

export interface PaymentRow {
  line: number;
  reference: string;
  /** Pounds, as paid (e.g. 80 or 160). */
  amount: number;
  datePaid: string;
}

export type PaymentLine =
  | { kind: 'payment'; row: PaymentRow }
  | { kind: 'unreadable'; line: number; reference: string | null; reason: string };

/** The file is not a payments file this service reads (not CSV, no header, columns missing). */
export class UnreadablePaymentsFile extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnreadablePaymentsFile';
  }
}

/** Pounds with at most two decimal places, optionally with a £ sign: `80`, `80.00`, `£160`. */
const AMOUNT = /^£?(\d{1,6})(?:\.(\d{1,2}))?$/;

export function readPaymentsCsv(text: string): PaymentLine[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new UnreadablePaymentsFile(
      `The file is not readable CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const [header, ...rows] = records;
  const names = header?.record.map((c) => c.toLowerCase()) ?? [];
  const missing = PAYMENT_COLUMNS.filter((c) => !names.includes(c));
  if (!header || missing.length)
    throw new UnreadablePaymentsFile(
      `The first line must name the columns ${PAYMENT_COLUMNS.join(',')}; missing: ${missing.join(', ')}.`,
    );
  if (rows.length === 0) throw new UnreadablePaymentsFile('The file holds no payments.');
  const at = Object.fromEntries(names.map((n, i) => [n, i]));
  return rows.map(({ record, info }): PaymentLine => {
    const line = info.lines;
    const reference = record[at.notice_reference] ?? '';
    const unreadable = (reason: string): PaymentLine => ({
      kind: 'unreadable',
      line,
      reference: reference || null,
      reason,
    });
    if (record.length !== names.length)
      return unreadable(`The line has ${record.length} fields; the header names ${names.length}.`);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(reference))
      return unreadable('notice_reference must be the reference printed on the notice.');
    const amount = AMOUNT.exec(record[at.amount]);
    if (!amount) return unreadable(`amount "${record[at.amount]}" is not an amount in pounds.`);
    const datePaid = record[at.date_paid];
    if (!isValidDate(datePaid))
      return unreadable(`date_paid "${datePaid}" is not a real date in the form YYYY-MM-DD.`);
    return {
      kind: 'payment',
      row: {
        line,
        reference,
        amount: Number(`${amount[1]}.${amount[2] ?? '0'}`),
        datePaid,
      },
    };
  });
}
