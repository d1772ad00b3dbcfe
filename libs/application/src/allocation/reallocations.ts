/**
 * Reallocating cases from one worker to another, one or many at once: each case gets its own
 * `CaseReallocated` event with the reason. Every case is checked as the decider would check it
 * before any is moved, so a request naming a case that is not the worker's (or is closed, or does
 * not exist) moves nothing and says which cases and why.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  DomainError,
  InvalidInput,
  PupilCommandOf,
  pupilJourneyDecider,
  pupilStreamId,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { StreamStates } from '../commands/stream-states';
import { CodeOfConductProvider } from '../pupils/code-of-conduct';
import { CaseAccessCheck, CaseAccessDenied, caseScopeOf } from '../pupils/case-access';
import { ExecutePupilCommand } from '../pupils/pupil-commands';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

export interface ReallocationRequest {
  fromWorkerId: string;
  toWorkerId: string;
  reason: string;
  pupilIds: string[];
  reallocatedOn?: string;
}

/** One case the request cannot move, and why (the decider's refusal). */
export interface RefusedReallocation {
  pupilId: string;
  code: string;
  detail: string;
}

/** Some of the cases named cannot be moved: none was. */
export class ReallocationRefused extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'reallocation-refused';
  constructor(readonly refused: RefusedReallocation[]) {
    super(
      `No case was reallocated: ${refused.length} of the cases named cannot be (${refused
        .map((r) => `${r.pupilId}: ${r.detail}`)
        .join(' ')}) Remove them or correct the request and send it again.`,
      { refused },
    );
  }
}

export interface ReallocationResult {
  reallocated: { pupilId: string; revision: string | null; position: string | null }[];
  /** The last event's position, for read-your-writes on the caseload and the workload. */
  position: string | null;
}

@Injectable()
export class Reallocations {
  /** Each pupil's kept state and the events after it, not a fold of the whole stream per pupil. */
  private readonly states: StreamStates;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly commands: CommandBus,
    private readonly codes: CodeOfConductProvider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() states?: StreamStates,
  ) {
    this.states = states ?? new StreamStates(store);
  }

  async reallocate(
    request: ReallocationRequest,
    metadata: CommandMetadata,
    access: CaseAccessCheck,
  ): Promise<ReallocationResult> {
    if (request.fromWorkerId === request.toWorkerId)
      throw new InvalidInput('toWorkerId must be someone other than fromWorkerId.', {
        field: 'toWorkerId',
      });
    const pupilIds = [...new Set(request.pupilIds)];
    const command = (): PupilCommandOf<'ReallocateCase'> => ({
      type: 'ReallocateCase',
      fromPractitionerId: request.fromWorkerId,
      toPractitionerId: request.toWorkerId,
      reason: request.reason,
      ...(request.reallocatedOn ? { reallocatedOn: request.reallocatedOn } : {}),
    });

    const now = this.clock();
    const { codeOfConduct } = await this.codes.current();
    const refused: RefusedReallocation[] = [];
    for (const pupilId of pupilIds) {
      const { state, revision } = await this.states.load(
        pupilStreamId(pupilId),
        pupilJourneyDecider,
      );
      if (revision === undefined) {
        refused.push({ pupilId, code: 'not-found', detail: 'No such pupil.' });
        continue;
      }
      if (!access(caseScopeOf(state))) throw new CaseAccessDenied();
      try {
        pupilJourneyDecider.decide(command(), state, { now, codeOfConduct });
      } catch (error) {
        // Bad input (a day in the future, no reason) is the request's, whichever case it met first.
        if (!(error instanceof DomainError) || error.kind === 'invalid') throw error;
        refused.push({ pupilId, code: error.code, detail: error.message });
      }
    }
    if (refused.length > 0) throw new ReallocationRefused(refused);

    const reallocated: ReallocationResult['reallocated'] = [];
    for (const pupilId of pupilIds) {
      const result = await this.commands.execute(
        new ExecutePupilCommand(pupilId, command(), metadata, { access }),
      );
      reallocated.push({
        pupilId,
        revision: result.revision?.toString(10) ?? null,
        position: result.position?.toString(10) ?? null,
      });
    }
    return { reallocated, position: reallocated.at(-1)?.position ?? null };
  }
}
