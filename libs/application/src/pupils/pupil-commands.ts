import { Inject } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  ICommandHandler,
  IQueryHandler,
  Query,
  QueryHandler,
} from '@nestjs/cqrs';
import {
  dateOf,
  DecisionContext,
  DIRECTORY_STREAM,
  directoryDecider,
  familyDecider,
  familyStreamId,
  namesParentOrCarer,
  PupilCommand,
  PupilJourney,
  pupilJourneyDecider,
  PupilJourneySummary,
  pupilStreamId,
  summarisePupilJourney,
} from '@app/domain';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, StreamExecutor } from '../commands/stream-executor';
import { LeastRecentlyUsed } from '../commands/least-recently-used';
import { DEFAULT_CACHED_STREAMS, StreamStates } from '../commands/stream-states';
import { CLOCK, Clock } from '../tokens';
import { CodeOfConductProvider } from './code-of-conduct';
import {
  CaseAccessCheck,
  CaseAccessDenied,
  caseScopeOf,
  CaseNotFound,
  UnknownSchool,
} from './case-access';
import { schoolYearWeeks, SchoolYearWeeks } from './school-year-weeks';

/** One domain command for one pupil's journey, as the API and the worker both send it. */
export class ExecutePupilCommand extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly pupilId: string,
    readonly command: PupilCommand,
    readonly metadata: CommandMetadata,
    readonly options: {
      expectedRevision?: bigint;
      access?: CaseAccessCheck;
      /** Extra metadata for its events (a case import's `firstRecordedAt`). */
      extraMetadata?: Record<string, unknown>;
    } = {},
  ) {
    super();
  }
}

@CommandHandler(ExecutePupilCommand)
export class ExecutePupilCommandHandler implements ICommandHandler<ExecutePupilCommand> {
  constructor(
    private readonly executor: StreamExecutor,
    private readonly codes: CodeOfConductProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ pupilId, command, metadata, options }: ExecutePupilCommand) {
    const now = this.clock();
    const { codeOfConduct } = await this.codes.current();
    return this.executor.execute({
      streamId: pupilStreamId(pupilId),
      decider: pupilJourneyDecider,
      command,
      metadata,
      now,
      expectedRevision: options.expectedRevision,
      extraMetadata: { ...options.extraMetadata, ruleSetVersion: codeOfConduct.version },
      context: ({ state }) =>
        pupilDecisionContext(
          this.executor.states,
          state,
          command,
          { now, codeOfConduct },
          options.access,
        ),
    });
  }
}

/**
 * What a pupil command is decided with: case access checked on the loaded state, the code of
 * conduct in force and, for a command naming a parent or carer, the pupil's family. Single commands and batches (imports) share it.
 */
export async function pupilDecisionContext(
  states: StreamStates,
  state: PupilJourney,
  /** The command, or a batch's commands for one pupil, all decided with this context. */
  commands: PupilCommand | readonly PupilCommand[],
  given: Pick<DecisionContext, 'now' | 'codeOfConduct'>,
  access?: CaseAccessCheck,
): Promise<DecisionContext> {
  const all: readonly PupilCommand[] = Array.isArray(commands) ? commands : [commands];
  const command = all[0];
  const scope =
    state.status === 'unregistered'
      ? {
          schoolId: command.type === 'RegisterPupil' ? command.schoolId : undefined,
          leadPractitionerId: undefined,
        }
      : caseScopeOf(state);
  if (access && !access(scope)) throw new CaseAccessDenied();
  if (command.type === 'ChangeSchool') await checkDestination(states, command.schoolId, access);
  const familyId =
    command.type === 'LinkToFamily'
      ? command.familyId
      : all.some(namesParentOrCarer)
        ? state.familyId
        : null;
  const family = familyId
    ? (await states.load(familyStreamId(familyId), familyDecider)).state
    : undefined;
  return { ...given, family };
}

/**
 * A move hands the case to the destination school's caseload and link workers: the school must be
 * one the LA works with (its directory), and the mover must be someone who may act for it (a link
 * worker covering it; the LA-wide roles may).
 */
async function checkDestination(
  states: StreamStates,
  schoolId: string,
  access: CaseAccessCheck | undefined,
): Promise<void> {
  const directory = await states.load(DIRECTORY_STREAM, directoryDecider);
  if (!directory.state.schools.some((s) => s.schoolId === schoolId))
    throw new UnknownSchool(schoolId);
  if (access && !access({ schoolId, leadPractitionerId: undefined }))
    throw new CaseAccessDenied(
      `You may not move a pupil to ${schoolId}: it is not one of your schools. Its link worker or the attendance team can make the move.`,
    );
}

export interface PupilJourneyView {
  summary: PupilJourneySummary;
  revision: bigint;
  /** The school year's weeks, when asked for (`withWeeks`): the case page's chart. */
  weeks?: SchoolYearWeeks | null;
}

/**
 * A pupil's journey as it stands (or as of a date), with its revision for ETag / If-Match: from the
 * stream's kept or snapshotted state and the events after it (StreamStates), so it is as current as
 * the stream itself (read-your-writes without waiting) at a cost that does not grow with history.
 */
export class GetPupilJourney extends Query<PupilJourneyView> {
  constructor(
    readonly pupilId: string,
    readonly access?: CaseAccessCheck,
    readonly asOf?: string,
    readonly withWeeks = false,
  ) {
    super();
  }
}

@QueryHandler(GetPupilJourney)
export class GetPupilJourneyHandler implements IQueryHandler<GetPupilJourney> {
  constructor(
    private readonly states: StreamStates,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly codes: CodeOfConductProvider,
  ) {}

  /**
   * The summary last given for each pupil, with what it was computed from: a pure function of the
   * state (its revision), the day and the school-week basis, it is given again while all three are
   * the same, so reading a journey again costs nothing that grows with the register.
   */
  private readonly summaries = new LeastRecentlyUsed<
    string,
    { computedFrom: string; summary: PupilJourneySummary }
  >(DEFAULT_CACHED_STREAMS);

  async execute({ pupilId, access, asOf, withWeeks }: GetPupilJourney): Promise<PupilJourneyView> {
    const { state, revision } = await loadPupilCase(this.states, pupilId, access);
    // The threshold shown is computed on the same school-week basis decisions use.
    const { codeOfConduct } = await this.codes.current();
    const on = asOf ?? dateOf(this.clock());
    const computedFrom = `${revision}|${on}|${codeOfConduct.schoolWeekBasis ?? ''}`;
    const kept = this.summaries.get(pupilId);
    const summary =
      kept?.computedFrom === computedFrom
        ? kept.summary
        : summarisePupilJourney(state, on, { schoolWeekBasis: codeOfConduct.schoolWeekBasis });
    if (kept?.computedFrom !== computedFrom) this.summaries.set(pupilId, { computedFrom, summary });
    if (!withWeeks) return { summary, revision };
    return { summary, revision, weeks: schoolYearWeeks(state, on, summary.threshold) };
  }
}

/**
 * A pupil's journey and its revision, for someone allowed to work on the case: not found when the
 * pupil was never registered, access denied outside the caller's case access.
 */
export async function loadPupilCase(
  states: StreamStates,
  pupilId: string,
  access?: CaseAccessCheck,
) {
  const loaded = await states.load(pupilStreamId(pupilId), pupilJourneyDecider);
  if (loaded.revision === undefined) throw new CaseNotFound('pupil');
  if (access && !access(caseScopeOf(loaded.state))) throw new CaseAccessDenied();
  return { ...loaded, revision: loaded.revision };
}
