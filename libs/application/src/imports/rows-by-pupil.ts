/**
 * A register file's good rows grouped by pupil, for an import that needs each pupil's rows
 * together (a pupil's marks are checked against each other) but cannot know a pupil's rows are
 * all in until the file is read. They wait in a temporary SQLite file rather than in memory: a
 * large LA's week is over a million rows, and holding them cost the import memory in proportion
 * to the week (about 300 MB live at 220,000 pupils, bench:import). Memory is now SQLite's page
 * cache and one chunk of pupils at a time, whatever the size of the file.
 */
import Database from 'better-sqlite3';
import type { RegisterRow } from '@app/domain/pupil-journey/register-import';
import type { PupilDetails } from './register-csv';

/** One pupil's rows, in file order, with the details of the first of them. */
export interface PupilRows {
  upn: string;
  school: string;
  rows: RegisterRow[];
  details: PupilDetails;
}

/** Rows written per transaction while the file is read. */
const ROWS_PER_COMMIT = 10_000;
/** Rows per INSERT statement: one statement a row cost a third of what holding the rows costs. */
const ROWS_PER_INSERT = 100;

export class RowsByPupil {
  // '' is a private temporary file, deleted when closed (and by the OS if the process dies).
  private readonly db = new Database('');
  private readonly sql;
  private uncommitted = 0;
  /** Rows not inserted yet, flat: pupil, line, date, am, pm, pupil, line, … */
  private waiting: (string | number)[] = [];
  /** Rows of one pupil usually follow each other: the last key looked up saves a query a row. */
  private last: { key: string; seq: number } | undefined;
  /** Pupils seen so far; their numbers run 1..count in order of first appearance. */
  count = 0;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE pupils (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, upn TEXT NOT NULL,
        school TEXT NOT NULL, date_of_birth TEXT, year_group TEXT, reference TEXT);
      CREATE TABLE rows (pupil INTEGER NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
        am TEXT NOT NULL, pm TEXT NOT NULL, PRIMARY KEY (pupil, line)) WITHOUT ROWID;`);
    this.sql = {
      seqOf: this.db.prepare('SELECT seq FROM pupils WHERE key = ?').pluck(),
      addPupil: this.db.prepare(
        'INSERT INTO pupils (seq, key, upn, school, date_of_birth, year_group, reference) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      addRow: this.db.prepare(
        'INSERT INTO rows (pupil, line, date, am, pm) VALUES (?, ?, ?, ?, ?)',
      ),
      addRows: this.db.prepare(
        `INSERT INTO rows (pupil, line, date, am, pm) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?)').join(', ')}`,
      ),
      pupilsFrom: this.db.prepare(
        'SELECT seq, upn, school, date_of_birth, year_group, reference FROM pupils WHERE seq >= ? AND seq < ? ORDER BY seq',
      ),
      rowsFrom: this.db
        .prepare(
          'SELECT pupil, line, date, am, pm FROM rows WHERE pupil >= ? AND pupil < ? ORDER BY pupil, line',
        )
        .raw(),
    };
    this.db.exec('BEGIN');
  }

  /** A good row of the pupil with this UPN at this school (`details` kept from their first row). */
  add(row: RegisterRow, school: string, details: PupilDetails): void {
    const key = `${row.upn} ${school}`;
    let seq =
      this.last?.key === key ? this.last.seq : (this.sql.seqOf.get(key) as number | undefined);
    if (seq === undefined) {
      seq = ++this.count;
      this.sql.addPupil.run(
        seq,
        key,
        row.upn,
        school,
        details.dateOfBirth ?? null,
        details.yearGroup ?? null,
        details.reference ?? null,
      );
    }
    this.last = { key, seq };
    this.waiting.push(seq, row.line, row.date, row.am, row.pm);
    if (this.waiting.length === ROWS_PER_INSERT * 5) {
      this.sql.addRows.run(this.waiting);
      this.waiting = [];
    }
    if (++this.uncommitted >= ROWS_PER_COMMIT) {
      this.db.exec('COMMIT; BEGIN');
      this.uncommitted = 0;
    }
  }

  /** Every pupil with their rows, `chunk` pupils at a time, in order of first appearance. */
  *chunks(chunk: number): Generator<PupilRows[]> {
    for (let i = 0; i < this.waiting.length; i += 5)
      this.sql.addRow.run(this.waiting.slice(i, i + 5));
    this.waiting = [];
    if (this.db.inTransaction) this.db.exec('COMMIT');
    for (let from = 1; from <= this.count; from += chunk) {
      const pupils = (
        this.sql.pupilsFrom.all(from, from + chunk) as {
          seq: number;
          upn: string;
          school: string;
          date_of_birth: string | null;
          year_group: string | null;
          reference: string | null;
        }[]
      ).map((p) => ({
        upn: p.upn,
        school: p.school,
        rows: [] as RegisterRow[],
        details: {
          ...(p.date_of_birth !== null && { dateOfBirth: p.date_of_birth }),
          ...(p.year_group !== null && { yearGroup: p.year_group }),
          ...(p.reference !== null && { reference: p.reference }),
        },
      }));
      for (const [seq, line, date, am, pm] of this.sql.rowsFrom.all(from, from + chunk) as [
        number,
        number,
        string,
        string,
        string,
      ][]) {
        const pupil = pupils[seq - from];
        pupil.rows.push({ line, upn: pupil.upn, date, am, pm });
      }
      yield pupils;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
