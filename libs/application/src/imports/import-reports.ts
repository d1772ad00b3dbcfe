/**
 * Where an import's progress, counts and rejects are kept: the read-model document store (SQLite
 * in DATA_DIR, or Redis), so the API, the CLI and a worker on another machine all see the same.
 */
import { defineCollection, type DocumentStore, type QueryResult } from '@app/read-models';
import type { RejectKind, RowReject } from '@app/domain/pupil-journey/register-import';

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportReport {
  importId: string;
  kind: 'register';
  format: 'csv';
  status: ImportStatus;
  /** sha256 of the file: the same file is the same import. */
  sha256: string;
  bytes: number;
  schoolId: string | null;
  receivedAt: string;
  requestedBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: {
    phase: 'waiting' | 'reading' | 'recording' | 'done';
    rowsRead: number;
    pupilsSeen: number;
    pupilsProcessed: number;
  };
  counts: {
    rowsRead: number;
    rowsRejected: number;
    marksRecorded: number;
    marksCorrected: number;
    /** Marks the register already held with the same code: nothing to record. */
    marksUnchanged: number;
    pupilsTouched: number;
    /** Pupils registered from the file (IMPORT_REGISTER_UNKNOWN_PUPILS=true only). */
    pupilsRegistered: number;
  };
  rejectsByKind: Partial<Record<RejectKind, number>>;
  /** Why the whole import could not run (unreadable file); rows are never lost silently. */
  failure: string | null;
}

/** The counts of an import that has recorded nothing yet. */
export const noCounts = (): ImportReport['counts'] => ({
  rowsRead: 0,
  rowsRejected: 0,
  marksRecorded: 0,
  marksCorrected: 0,
  marksUnchanged: 0,
  pupilsTouched: 0,
  pupilsRegistered: 0,
});

export interface StoredReject extends RowReject {
  importId: string;
}

export const IMPORTS = defineCollection<ImportReport>({ name: 'imports' });
export const IMPORT_REJECTS = defineCollection<StoredReject>({
  name: 'import-rejects',
  indexes: ['importId'],
  sortKeys: ['line'],
});

const rejectId = (importId: string, line: number) =>
  `${importId}-${String(line).padStart(10, '0')}`;

export class ImportReports {
  constructor(private readonly documents: DocumentStore) {}

  get(importId: string): Promise<ImportReport | undefined> {
    return this.documents.get(IMPORTS, importId);
  }

  save(report: ImportReport): Promise<void> {
    return this.documents.put(IMPORTS, report.importId, report);
  }

  /** Rejects are keyed by line: a re-run of the same import overwrites, never duplicates. */
  async addRejects(importId: string, rejects: readonly RowReject[]): Promise<void> {
    if (rejects.length === 0) return;
    await this.documents.transaction((tx) => {
      for (const r of rejects)
        tx.put(IMPORT_REJECTS, rejectId(importId, r.line), { importId, ...r });
    });
  }

  rejects(importId: string, limit: number, cursor?: string): Promise<QueryResult<StoredReject>> {
    return this.documents.query(IMPORT_REJECTS, {
      index: { field: 'importId', value: importId },
      sort: { field: 'line' },
      limit,
      cursor,
    });
  }
}
