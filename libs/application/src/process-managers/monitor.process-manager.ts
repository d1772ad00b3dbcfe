import type { CommandBus } from '@nestjs/cqrs';
import {
  CodeOfConduct,
  DomainError,
  evaluateMonitorRules,
  pupilJourneyDecider,
  pupilStreamId,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { StreamStates } from '../commands/stream-states';
import { ExecutePupilCommand } from '../pupils/pupil-commands';
import type { ProcessManager } from './process-manager-runner';

const PUPIL_PREFIX = 'pupil-';
const MARKS_EVENTS = new Set(['AttendanceMarksRecorded', 'AttendanceMarkCorrected']);

/**
 * After marks are recorded (an import, a correction), runs the monitor rules over the pupil's
 * register and raises each concern they call for through the same handler the API uses. Concern
 * ids come from rule, pupil and period, so a replay or the next import raises nothing twice.
 */
export class MonitorProcessManager implements ProcessManager {
  readonly name = 'monitor';
  readonly streamPrefixes = [PUPIL_PREFIX];

  constructor(
    private readonly store: EventStore,
    private readonly commands: Pick<CommandBus, 'execute'>,
    private readonly codeOfConduct: () => Promise<CodeOfConduct>,
    private readonly states: StreamStates = new StreamStates(store),
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    if (!MARKS_EVENTS.has(event.type)) return;
    const pupilId = event.streamId.slice(PUPIL_PREFIX.length);
    const streamId = pupilStreamId(pupilId);
    // The pupil's kept state and the events after it: catching up with a long history costs each
    // event its own events, not the whole stream again.
    const { state } = await this.states.load(streamId, pupilJourneyDecider);
    if (state.status !== 'open') return;
    // The rules read the whole register as it stands now; if later marks are already in the
    // stream, their own delivery will judge it (an import of a term need not judge it each week).
    for await (const later of this.store.readStream(streamId, {
      fromRevision: event.revision + 1n,
    }))
      if (MARKS_EVENTS.has(later.type)) return;
    const concerns = evaluateMonitorRules({
      pupilId,
      marks: state.marks,
      code: await this.codeOfConduct(),
      raised: state.usedIds,
    });
    for (const concern of concerns) {
      try {
        await this.commands.execute(
          new ExecutePupilCommand(
            pupilId,
            { type: 'RaiseConcern', ...concern },
            {
              actor: 'system:monitor',
              role: 'system',
              correlationId: String(event.metadata.correlationId),
              causationId: event.id,
            },
          ),
        );
      } catch (error) {
        // Already raised (a racing delivery) or refused by the journey (closed meanwhile): nothing to do.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
}
