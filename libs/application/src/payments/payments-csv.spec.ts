import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPaymentsCsv, UnreadablePaymentsFile } from './payments-csv';

describe("reading the payment provider's file", () => {
  it('reads the example file in docs with every line a payment', () => {
    const example = fs.readFileSync(
      path.join(__dirname, '../../../../docs/examples/payments-example.csv'),
      'utf8',
    );
    expect(readPaymentsCsv(example)).toEqual([
      {
        kind: 'payment',
        row: { line: 2, reference: 'PN-2025-000123', amount: 80, datePaid: '2025-05-12' },
      },
      {
        kind: 'payment',
        row: { line: 3, reference: 'PN-2025-000124', amount: 80, datePaid: '2025-05-20' },
      },
      {
        kind: 'payment',
        row: { line: 4, reference: 'PN-2025-000125', amount: 160, datePaid: '2025-05-27' },
      },
    ]);
  });

  it('takes the columns in any order, a byte-order mark, pound signs and pence', () => {
    const lines = readPaymentsCsv(
      '\uFEFFdate_paid,Notice_Reference,amount,provider_id\n2025-05-12,pn-1,£80.5,X1\n',
    );
    expect(lines).toEqual([
      {
        kind: 'payment',
        row: { line: 2, reference: 'pn-1', amount: 80.5, datePaid: '2025-05-12' },
      },
    ]);
  });

  it('gives every unreadable line its number and why, and reads the others', () => {
    const lines = readPaymentsCsv(
      [
        'notice_reference,amount,date_paid',
        'pn-1,eighty,2025-05-12',
        'pn-2,80,2025-02-30',
        'pn 3,80,2025-05-12',
        'pn-4,80',
        'pn-5,160,2025-05-13',
      ].join('\n'),
    );
    expect(lines.map((l) => (l.kind === 'payment' ? l.row.line : [l.line, l.reason]))).toEqual([
      [2, 'amount "eighty" is not an amount in pounds.'],
      [3, 'date_paid "2025-02-30" is not a real date in the form YYYY-MM-DD.'],
      [4, 'notice_reference must be the reference printed on the notice.'],
      [5, 'The line has 2 fields; the header names 3.'],
      6,
    ]);
  });

  it('refuses a file without the columns it needs, or with no payments, as a whole', () => {
    expect(() => readPaymentsCsv('reference,amount\nx,80\n')).toThrow(UnreadablePaymentsFile);
    expect(() => readPaymentsCsv('reference,amount\nx,80\n')).toThrow(
      /missing: notice_reference, date_paid/,
    );
    expect(() => readPaymentsCsv('notice_reference,amount,date_paid\n')).toThrow(/no payments/);
    expect(() => readPaymentsCsv('')).toThrow(UnreadablePaymentsFile);
    expect(() => readPaymentsCsv('a,"b\n')).toThrow(/not readable CSV/);
  });
});
