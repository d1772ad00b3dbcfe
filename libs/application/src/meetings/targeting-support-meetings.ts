/**
 * Targeting support meetings: each term, a school's meeting gets its list of pupils at risk from
 * the caseload read model, and the actions agreed for each pupil are recorded against the meeting.
 * A recurring job (BullMQ on Redis, the in-process scheduler embedded) prepares every school's
 * meeting once its preparation date has come; preparing is idempotent, so a job that runs twice,
 * or every few hours, prepares each meeting once.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  AtRiskPupil,
  dateOf,
  MeetingCommand,
  meetingDecider,
  meetingIdFor,
  meetingPreparationDate,
  MeetingState,
} from '@app/domain';
import { type EventStore, headPosition } from '@app/event-store';
import { caseload, CaseloadRow, CaseworkReader, DocumentStore, Projector } from '@app/read-models';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, loadStream, StreamExecutor } from '../commands/stream-executor';
import { DirectoryProvider } from '../pupils/directory';
import { CLOCK, Clock, DOCUMENT_STORE, EVENT_STORE, PROJECTOR } from '../tokens';

export const MEETINGS_QUEUE = 'targeting-support-meetings';
export const PREPARE_DUE_MEETINGS = 'prepare-due-meetings';
/** How often the job looks for meetings due to be prepared (every 6 hours: a date, not an hour, matters). */
export const PREPARE_EVERY_MS = 6 * 60 * 60 * 1000;
/** How long the job waits for the caseload to catch up before failing (and being retried). */
const CATCH_UP_MS = 60_000;

const pct = (rate: number | null) =>
  rate === null ? 'no sessions' : `${(rate * 100).toFixed(1)}%`;

/**
 * Who is at risk, from a caseload row, with the reasons: severe or persistent absence this year,
 * the national threshold met, a declining trend, or a concern raised by a person or a rule.
 * Most at risk first (lowest attendance), then by reference.
 */
export function pupilsAtRisk(rows: readonly CaseloadRow[]): AtRiskPupil[] {
  return rows
    .filter((r) => r.status === 'open')
    .map((r) => {
      const rate = r.attendance.year?.rate ?? null;
      const reasons: string[] = [];
      if (r.severeAbsence) reasons.push(`severe absence (${pct(rate)})`);
      else if (r.persistentAbsence) reasons.push(`persistent absence (${pct(rate)})`);
      if (r.thresholdMet) reasons.push('national threshold met');
      if (r.trend === 'declining') reasons.push('attendance declining');
      if (r.recentConcerns.length > 0) reasons.push(`${r.openItems.concerns} concern(s) raised`);
      return { pupilId: r.pupilId, reference: r.reference, reasons, attendanceRate: rate };
    })
    .filter((p) => p.reasons.length > 0)
    .sort((a, b) =>
      (a.attendanceRate ?? 2) !== (b.attendanceRate ?? 2)
        ? (a.attendanceRate ?? 2) - (b.attendanceRate ?? 2)
        : a.reference < b.reference
          ? -1
          : 1,
    );
}

export class MeetingNotFound extends Error {
  constructor(readonly meetingId: string) {
    super(`There is no targeting support meeting ${meetingId}.`);
    this.name = 'MeetingNotFound';
  }
}

@Injectable()
export class TargetingSupportMeetings {
  private readonly reader: CaseworkReader;

  constructor(
    private readonly executor: StreamExecutor,
    private readonly directory: DirectoryProvider,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROJECTOR) private readonly projector: Projector,
  ) {
    this.reader = new CaseworkReader(documents);
  }

  /** Lets the caseload catch up with everything recorded so far (a job has no position of its own). */
  private async caughtUp(): Promise<void> {
    const head = await headPosition(this.store);
    if (head !== undefined) await this.projector.waitForPosition(head, CATCH_UP_MS);
  }

  /** Every open case of the school, from the caseload read model. */
  private async caseloadOf(schoolId: string): Promise<CaseloadRow[]> {
    const rows: CaseloadRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.reader.query(caseload, {
        index: { field: 'facets', value: `school:${schoolId}` },
        // The caseload's indexes keep attention order only; pupilsAtRisk sorts them its own way.
        sort: { field: 'attention' },
        limit: 1000,
        cursor,
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  /** Prepares the school's meeting for the current term (nothing if it already was). */
  async prepare(
    schoolId: string,
    metadata: CommandMetadata,
  ): Promise<ExecuteResult<unknown> & { meetingId: string }> {
    const today = dateOf(this.clock());
    const meetingId = meetingIdFor(schoolId, today);
    const pupils = pupilsAtRisk(await this.caseloadOf(schoolId));
    const result = await this.execute(
      meetingId,
      { type: 'PrepareTargetingSupportMeeting', schoolId, onDate: today, pupils },
      metadata,
    );
    return { ...result, meetingId };
  }

  /** Records an action agreed today for a pupil on the meeting's list. */
  agree(
    meetingId: string,
    action: { actionId: string; pupilId: string; action: string; owner: string; dueOn: string },
    metadata: CommandMetadata,
  ): Promise<ExecuteResult<unknown>> {
    return this.execute(
      meetingId,
      { type: 'AgreeTargetingSupportAction', ...action, agreedOn: dateOf(this.clock()) },
      metadata,
    );
  }

  /** The job: every school in the directory whose meeting's preparation date has come. */
  async prepareDue(jobId: string): Promise<string[]> {
    const today = dateOf(this.clock());
    if (today < meetingPreparationDate(today)) return [];
    // A list prepared from a caseload still catching up (just after a start) would miss pupils.
    await this.caughtUp();
    const prepared: string[] = [];
    for (const school of (await this.directory.current()).schools) {
      const metadata: CommandMetadata = {
        actor: `system:${PREPARE_DUE_MEETINGS}`,
        role: 'system',
        correlationId: jobId,
        causationId: jobId,
      };
      const result = await this.prepare(school.schoolId, metadata);
      if (result.events.length > 0) prepared.push(result.meetingId);
    }
    return prepared;
  }

  execute(
    meetingId: string,
    command: MeetingCommand,
    metadata: CommandMetadata,
  ): Promise<ExecuteResult<unknown>> {
    return this.executor.execute({
      streamId: meetingId,
      decider: meetingDecider,
      command,
      metadata,
      now: this.clock(),
      context: () => undefined,
    });
  }

  async get(meetingId: string): Promise<MeetingState & { revision: string }> {
    const loaded = await loadStream(
      this.store,
      meetingId,
      meetingDecider.evolve,
      meetingDecider.initialState,
    );
    if (loaded.revision === undefined) throw new MeetingNotFound(meetingId);
    return { ...loaded.state, revision: loaded.revision.toString() };
  }
}
