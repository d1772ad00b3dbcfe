import type { CommandBus } from '@nestjs/cqrs';
import { CodeOfConduct, Deadline, deadlinesFrom, DomainError, PupilEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { JobContext, RuleFailure, Scheduler } from '@app/jobs';
import { ExecutePupilCommand } from '../pupils/pupil-commands';
import type { ProcessManager } from './process-manager-runner';

/** The queue of deadline jobs; each job's name is the deadline's kind. */
export const DEADLINES_QUEUE = 'deadlines';

export interface DeadlineJob {
  pupilId: string;
  deadline: Deadline;
}

/** One job per deadline per pupil, whatever replays the event (no ':' in BullMQ ids). */
export const deadlineJobId = (pupilId: string, deadlineId: string): string =>
  `deadline-${pupilId}-${deadlineId}`;

/** A deadline falls due at the start of its day (UTC), the day `decide` reads from the clock. */
export const deadlineRunAt = (dueOn: string): Date => new Date(`${dueOn}T00:00:00.000Z`);

const PUPIL_PREFIX = 'pupil-';

/**
 * Turns the journey's facts into deadline jobs (`deadlinesFrom`): scheduling is idempotent by job
 * id, so an event delivered twice, or the whole feed replayed, schedules nothing new.
 */
export class DeadlineProcessManager implements ProcessManager {
  readonly name = 'deadlines';
  readonly streamPrefixes = [PUPIL_PREFIX];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly codeOfConduct: () => Promise<CodeOfConduct>,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const pupilEvent = { type: event.type, data: event.data } as unknown as PupilEvent;
    const needsCode =
      pupilEvent.type === 'AttendanceMarksRecorded' ||
      pupilEvent.type === 'AttendanceMarkCorrected';
    const code = needsCode ? await this.codeOfConduct() : NO_CODE_NEEDED;
    const pupilId = event.streamId.slice(PUPIL_PREFIX.length);
    for (const deadline of deadlinesFrom(pupilEvent, code)) {
      await this.scheduler.schedule<DeadlineJob>({
        queue: DEADLINES_QUEUE,
        name: deadline.kind,
        id: deadlineJobId(pupilId, deadline.deadlineId),
        payload: { pupilId, deadline },
        runAt: deadlineRunAt(deadline.dueOn),
      });
    }
  }
}

/** Only N codes read the code of conduct; other deadlines come from the event's own dates. */
const NO_CODE_NEEDED = { nCodeReplacementSchoolDays: 0, bankHolidays: [] };

/**
 * The deadline job: records that the deadline fell due through the same command handler the API
 * uses. A refusal by the domain (the notice was paid meanwhile, the case closed) ends the job as a
 * RuleFailure, without retrying; anything else is transient and retried with backoff.
 */
export function deadlineJobHandler(commands: Pick<CommandBus, 'execute'>) {
  return async (job: JobContext<DeadlineJob>): Promise<void> => {
    const { pupilId, deadline } = job.payload;
    try {
      await commands.execute(
        new ExecutePupilCommand(
          pupilId,
          { type: 'RecordDeadlineReached', ...deadline },
          {
            actor: 'system:deadlines',
            role: 'system',
            correlationId: job.id,
            causationId: job.id,
          },
        ),
      );
    } catch (error) {
      if (error instanceof DomainError) throw new RuleFailure(error.message);
      throw error;
    }
  };
}
