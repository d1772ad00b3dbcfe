/**
 * Receiving a register file: it is streamed to DATA_DIR/imports/ while its sha256 is computed (a
 * large LA's week never sits in memory), and becomes an import whose id is derived from that hash
 * and the school: the same file sent twice is the same import, and the second sending changes
 * nothing. The import itself runs as a job on the scheduler.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Scheduler } from '@app/jobs';
import type { Clock } from '../tokens';
import { ImportReport, ImportReports, noCounts } from './import-reports';
import type { RegisterImportJob } from './register-importer';

export const REGISTER_IMPORTS_QUEUE = 'register-imports';
export const REGISTER_IMPORT_JOB = 'register-import';

/** Nothing arrived: there is no register to import. */
export class EmptyRegisterFile extends Error {
  constructor() {
    super('The register file is empty.');
    this.name = 'EmptyRegisterFile';
  }
}

/** The file is larger than IMPORT_MAX_BYTES allows: nothing was kept. */
export class RegisterFileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(
      `A register file may be at most ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES); split it by school or by week and send each part.`,
    );
    this.name = 'RegisterFileTooLarge';
  }
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;

export interface ReceivedImport {
  importId: string;
  /** False when this file had already been received for this school: nothing new was started. */
  created: boolean;
  report: ImportReport;
}

export class RegisterImports {
  constructor(
    private readonly dataDir: string,
    private readonly reports: ImportReports,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    /** The largest file accepted (IMPORT_MAX_BYTES). */
    private readonly maxBytes: number,
  ) {}

  async receive(
    input: Readable,
    who: { actor: string; role: string; schoolId: string | null },
  ): Promise<ReceivedImport> {
    const dir = path.join(this.dataDir, 'imports');
    await fs.promises.mkdir(dir, { recursive: true });
    const partial = path.join(dir, `upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const maxBytes = this.maxBytes;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        if (bytes > maxBytes) return done(new RegisterFileTooLarge(maxBytes));
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, tap, fs.createWriteStream(partial));
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
    if (bytes === 0) {
      await fs.promises.rm(partial, { force: true });
      throw new EmptyRegisterFile();
    }
    const sha256 = hash.digest('hex');
    const importId = registerImportId(sha256, who.schoolId);
    const file = path.join(dir, `${importId}.csv`);
    const existing = await this.reports.get(importId);
    if (existing) {
      await fs.promises.rm(partial, { force: true });
      return { importId, created: false, report: existing };
    }
    await fs.promises.rename(partial, file);
    const report: ImportReport = {
      importId,
      kind: 'register',
      format: 'csv',
      status: 'queued',
      sha256,
      bytes,
      schoolId: who.schoolId,
      receivedAt: this.clock().toISOString(),
      requestedBy: who.actor,
      startedAt: null,
      finishedAt: null,
      progress: { phase: 'waiting', rowsRead: 0, pupilsSeen: 0, pupilsProcessed: 0 },
      counts: noCounts(),
      rejectsByKind: {},
      failure: null,
    };
    await this.reports.save(report);
    const payload: RegisterImportJob = {
      importId,
      file: path.relative(this.dataDir, file),
      schoolId: who.schoolId,
      actor: who.actor,
      role: who.role,
    };
    await this.scheduler.schedule({
      queue: REGISTER_IMPORTS_QUEUE,
      name: REGISTER_IMPORT_JOB,
      id: importId,
      payload,
      attempts: 3,
    });
    return { importId, created: true, report };
  }
}

/** Deterministic: the file's content and the school it is imported for (no ':' for BullMQ). */
export const registerImportId = (sha256: string, schoolId: string | null): string =>
  `register-${createHash('sha256')
    .update(`${sha256}|${schoolId ?? ''}`)
    .digest('hex')
    .slice(0, 32)}`;
