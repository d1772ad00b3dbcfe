import Database from 'better-sqlite3';

/**
 * What crash tests observe, kept in a SQLite file that the test and its child process both open:
 * every start of a handler, and its effect, which is idempotent by job id (INSERT OR IGNORE),
 * as the handlers of real jobs are (they send idempotent commands).
 */
export class EffectsLedger {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS starts (job_id TEXT NOT NULL, pid INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS effects (job_id TEXT PRIMARY KEY, pid INTEGER NOT NULL);`);
  }

  recordStart(jobId: string): void {
    this.db.prepare('INSERT INTO starts (job_id, pid) VALUES (?, ?)').run(jobId, process.pid);
  }

  applyEffect(jobId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO effects (job_id, pid) VALUES (?, ?)')
      .run(jobId, process.pid);
  }

  startedBy(jobId: string): number[] {
    return this.pids('SELECT pid FROM starts WHERE job_id = ? ORDER BY rowid', jobId);
  }

  appliedBy(jobId: string): number[] {
    return this.pids('SELECT pid FROM effects WHERE job_id = ?', jobId);
  }

  close(): void {
    this.db.close();
  }

  private pids(sql: string, jobId: string): number[] {
    return (this.db.prepare(sql).all(jobId) as { pid: number }[]).map((row) => row.pid);
  }
}
