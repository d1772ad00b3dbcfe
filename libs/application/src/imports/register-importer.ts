/**
 * Runs one register import: reads the stored file as a stream, checks each row, groups the good
 * rows by pupil, matches pupils by UPN (pupil-index), and records each pupil's marks through the
 * pupil command path in batches (ExecutePupilCommandBatch: one append per pupil, one durable
 * write per batch). Re-running it is harmless: marks already on the register record nothing.
 */
import { CommandBus } from '@nestjs/cqrs';
import { dateOf, PupilCommandOf } from '@app/domain';
import {
  checkRegisterRow,
  pupilMarksFromRows,
  recordMarksCommands,
  RowReject,
} from '@app/domain/pupil-journey/register-import';
import { type EventStore, headPosition } from '@app/event-store';
import {
  type CollectionDefinition,
  ProjectionReader,
  type DocumentStore,
  type PupilByUpn,
  type Projector,
  PUPILS_BY_UPN,
  pupilIndexProjection,
} from '@app/read-models';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchOutcome } from '../commands/stream-executor';
import { ExecutePupilCommandBatch, PupilCommandsItem } from '../pupils/pupil-command-batch';
import type { DirectoryProvider } from '../pupils/directory';
import type { Clock } from '../tokens';
import { ImportReport, ImportReports, noCounts } from './import-reports';
import { PupilDetails, readRegisterCsv, UnreadableRegister } from './register-csv';
import { PupilRows, RowsByPupil } from './rows-by-pupil';

export interface RegisterImportJob {
  importId: string;
  /**
   * The stored file, relative to DATA_DIR (`imports/<id>.csv`): the process that runs the job (the
   * worker) reads it through its own DATA_DIR, the volume it shares with the api that received it.
   * An absolute path (jobs queued by earlier versions) is read as it is.
   */
  file: string;
  schoolId: string | null;
  actor: string;
  role: string;
}

/** Pupils per durable write: large enough to amortise the fsync, small enough to report progress often. */
export const PUPILS_PER_BATCH = 500;
/** How long an import waits for the pupil index to include every pupil registered before it. */
const INDEX_WAIT_MS = 60_000;
const PROGRESS_EVERY_MS = 500;

export class RegisterImporter {
  private readonly index: ProjectionReader;

  constructor(
    private readonly commands: CommandBus,
    private readonly store: EventStore,
    private readonly documents: DocumentStore,
    private readonly projector: Projector,
    private readonly reports: ImportReports,
    private readonly clock: Clock,
    private readonly directory: Pick<DirectoryProvider, 'current'>,
    private readonly options: { registerUnknownPupils: boolean; dataDir: string },
  ) {
    this.index = new ProjectionReader(documents, pupilIndexProjection);
  }

  async run(job: RegisterImportJob, onProgress?: (r: ImportReport) => void): Promise<ImportReport> {
    const report = await this.reports.get(job.importId);
    if (!report) throw new Error(`Import ${job.importId} has no report to run against.`);
    const save = async () => {
      await this.reports.save(report);
      onProgress?.(report);
    };
    Object.assign(report, {
      status: 'running',
      startedAt: this.clock().toISOString(),
      failure: null,
      counts: noCounts(),
      rejectsByKind: {},
    } satisfies Partial<ImportReport>);
    report.progress = { phase: 'waiting', rowsRead: 0, pupilsSeen: 0, pupilsProcessed: 0 };
    await save();
    const reject = async (rejects: RowReject[]) => {
      for (const r of rejects)
        report.rejectsByKind[r.kind] = (report.rejectsByKind[r.kind] ?? 0) + 1;
      report.counts.rowsRejected += rejects.length;
      await this.reports.addRejects(job.importId, rejects);
    };

    let closeRows = () => {};
    try {
      await this.waitForPupilIndex();
      report.progress.phase = 'reading';
      const today = dateOf(this.clock());
      // A large LA's week is over a million rows, held until every pupil's rows are in: on disk.
      const pupils = new RowsByPupil();
      closeRows = () => pupils.close();
      let pending: RowReject[] = [];
      let lastProgress = performance.now();
      for await (const item of readRegisterCsv(
        fs.createReadStream(path.resolve(this.options.dataDir, job.file)),
      )) {
        report.counts.rowsRead += 1;
        if (item.kind === 'malformed') {
          pending.push({ line: item.line, kind: 'malformed-row', reason: item.reason });
        } else {
          const { row } = item;
          const school = job.schoolId ?? item.school;
          const bad =
            school === undefined
              ? {
                  line: row.line,
                  kind: 'malformed-row' as const,
                  reason: 'No school: give the school column or import with a school.',
                }
              : item.school !== undefined && job.schoolId !== null && item.school !== job.schoolId
                ? {
                    line: row.line,
                    kind: 'school-mismatch' as const,
                    reason: `The row is for school ${item.school}, but this import is for ${job.schoolId}.`,
                  }
                : checkRegisterRow(row, today);
          if (bad) pending.push(bad);
          else pupils.add(row, school!, this.options.registerUnknownPupils ? item.details : {});
        }
        if (pending.length >= 1000) {
          await reject(pending);
          pending = [];
        }
        if (performance.now() - lastProgress > PROGRESS_EVERY_MS) {
          report.progress.rowsRead = report.counts.rowsRead;
          report.progress.pupilsSeen = pupils.count;
          await save();
          lastProgress = performance.now();
        }
      }
      await reject(pending);
      report.progress = {
        phase: 'recording',
        rowsRead: report.counts.rowsRead,
        pupilsSeen: pupils.count,
        pupilsProcessed: 0,
      };
      await save();

      const metadata = {
        actor: job.actor,
        role: job.role,
        correlationId: job.importId,
        causationId: job.importId,
      };
      // Resolved once: the index's active version does not change under a running import.
      const byUpn = await this.index.collection(PUPILS_BY_UPN);
      let batch: { item: PupilCommandsItem; lines: number[]; marks: number }[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const outcomes = await this.commands.execute(
          new ExecutePupilCommandBatch(
            batch.map((b) => b.item),
            metadata,
          ),
        );
        const failed: RowReject[] = [];
        outcomes.forEach((outcome, i) => this.count(report, outcome, batch[i], failed));
        await reject(failed);
        report.progress.pupilsProcessed += batch.length;
        batch = [];
        // Progress is written at most every PROGRESS_EVERY_MS: each write is a durable transaction.
        if (performance.now() - lastProgress > PROGRESS_EVERY_MS) {
          await save();
          lastProgress = performance.now();
        }
      };
      for await (const [pupil, indexed] of this.matchedInChunks(pupils, byUpn)) {
        const { marks, rejects } = pupilMarksFromRows(pupil.rows);
        const rejected = new Set(rejects.map((r) => r.line));
        const lines = pupil.rows.map((r) => r.line).filter((l) => !rejected.has(l));
        const found = indexed?.pupilIds ?? [];
        const registering =
          found.length === 0 && this.options.registerUnknownPupils && marks.length
            ? await this.registration(pupil)
            : undefined;
        if (registering && 'reason' in registering) {
          rejects.push(...lines.map((line) => ({ line, ...registering })));
        } else if (found.length > 1 || (found.length === 0 && !registering)) {
          const why =
            found.length === 0
              ? {
                  kind: 'unknown-pupil' as const,
                  reason: `No pupil is registered with UPN ${pupil.upn}; register the pupil, then import again.`,
                }
              : {
                  kind: 'ambiguous-pupil' as const,
                  reason: `UPN ${pupil.upn} is registered to ${found.length} pupils; correct the registrations, then import again.`,
                };
          rejects.push(...lines.map((line) => ({ line, ...why })));
        } else if (marks.length) {
          const marksCommands = recordMarksCommands(pupil.school, marks);
          batch.push({
            item: registering
              ? {
                  pupilId: registering.pupilId,
                  commands: [registering.command, ...marksCommands],
                }
              : { pupilId: found[0], schoolId: pupil.school, commands: marksCommands },
            lines,
            marks: marks.length,
          });
        } else report.progress.pupilsProcessed += 1;
        await reject(rejects);
        if (batch.length >= PUPILS_PER_BATCH) await flush();
      }
      await flush();
      report.status = 'completed';
      report.progress.phase = 'done';
    } catch (error) {
      if (!(error instanceof UnreadableRegister)) {
        // Transient (store busy, connection lost): the job is retried and the import re-run.
        report.status = 'queued';
        report.failure = `Interrupted, will retry: ${(error as Error).message}`;
        await save();
        throw error;
      }
      report.status = 'failed';
      report.failure = error.message;
    } finally {
      closeRows();
    }
    report.finishedAt = this.clock().toISOString();
    await save();
    return report;
  }

  private count(
    report: ImportReport,
    outcome: BatchOutcome<unknown>,
    { lines, marks }: { lines: number[]; marks: number },
    failed: RowReject[],
  ): void {
    if (!outcome.ok) {
      const kind =
        (outcome.error as { code?: string }).code === 'pupil-at-another-school'
          ? ('pupil-at-another-school' as const)
          : ('refused' as const);
      failed.push(...lines.map((line) => ({ line, kind, reason: outcome.error.message })));
      return;
    }
    const events = outcome.events as { type: string; data: { marks?: unknown[] } }[];
    if (events.length) report.counts.pupilsTouched += 1;
    let changed = 0;
    for (const e of events) {
      if (e.type === 'AttendanceMarksRecorded') {
        report.counts.marksRecorded += e.data.marks!.length;
        changed += e.data.marks!.length;
      }
      if (e.type === 'PupilRegistered') report.counts.pupilsRegistered += 1;
      if (e.type === 'AttendanceMarkCorrected') {
        report.counts.marksCorrected += 1;
        changed += 1;
      }
    }
    report.counts.marksUnchanged += marks - changed;
  }

  /** Each pupil with its pupil-index entry, looked up a chunk of UPNs at a time (one read each). */
  private async *matchedInChunks(
    pupils: RowsByPupil,
    byUpn: CollectionDefinition<PupilByUpn>,
  ): AsyncGenerator<[PupilRows, PupilByUpn | undefined]> {
    for (const chunk of pupils.chunks(PUPILS_PER_BATCH)) {
      const indexed = await this.documents.getMany(
        byUpn,
        chunk.map((p) => p.upn),
      );
      for (const [i, pupil] of chunk.entries()) yield [pupil, indexed[i]];
    }
  }

  /**
   * IMPORT_REGISTER_UNKNOWN_PUPILS: a UPN the LA does not know registers the pupil at the row's
   * school, from the row's date_of_birth, year_group and (optional) reference; the pupil id is
   * derived from the UPN, so a re-run cannot register the same child twice.
   */
  private async registration(pupil: {
    upn: string;
    school: string;
    details: PupilDetails;
  }): Promise<
    | { pupilId: string; command: PupilCommandOf<'RegisterPupil'> }
    | { kind: 'unknown-pupil'; reason: string }
  > {
    const { dateOfBirth, yearGroup, reference } = pupil.details;
    const unknown = (why: string) => ({
      kind: 'unknown-pupil' as const,
      reason: `No pupil is registered with UPN ${pupil.upn}, and ${why}.`,
    });
    if (!dateOfBirth || !yearGroup || !/^\d{1,2}$/.test(yearGroup))
      return unknown(
        'to register them the file needs date_of_birth and year_group (a whole number)',
      );
    const school = (await this.directory.current()).schools.find(
      (s) => s.schoolId === pupil.school,
    );
    if (!school)
      return unknown(
        `school ${pupil.school} is not in the directory, so they cannot be registered there`,
      );
    const pupilId = `upn-${createHash('sha256').update(pupil.upn).digest('hex').slice(0, 24)}`;
    return {
      pupilId,
      command: {
        type: 'RegisterPupil',
        pupilId,
        reference: reference ?? pupil.upn,
        upn: pupil.upn,
        dateOfBirth,
        schoolId: pupil.school,
        schoolType: school.schoolType,
        yearGroup: Number(yearGroup),
      },
    };
  }

  /** Pupils registered before the import must be matchable: wait for the index to reach the head. */
  private async waitForPupilIndex(): Promise<void> {
    const head = await headPosition(this.store);
    if (head !== undefined) await this.projector.waitForPosition(head, INDEX_WAIT_MS);
  }
}
