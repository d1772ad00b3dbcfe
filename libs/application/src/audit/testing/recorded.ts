/** Recorded events for tests of the audit reads: a tiny in-memory store's worth of facts. */
import type { FamilyEvent, PupilEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

export interface Recorder {
  /** Records `event` on `streamId` at the next global position. */
  record(
    streamId: string,
    event: PupilEvent | FamilyEvent,
    options?: { recordedAt?: string; actor?: string; role?: string; ruleSetVersion?: string },
  ): RecordedEvent;
  stream(streamId: string): RecordedEvent[];
  all(): RecordedEvent[];
}

/** Positions count up from 1; each stream's revisions from 0; recordedAt defaults to a fixed instant. */
export function recorder(defaultRecordedAt = '2025-01-01T09:00:00.000Z'): Recorder {
  const events: RecordedEvent[] = [];
  return {
    record(streamId, event, options = {}) {
      const recordedAt = options.recordedAt ?? defaultRecordedAt;
      const recorded: RecordedEvent = {
        id: `event-${events.length + 1}`,
        streamId,
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          actor: options.actor ?? 'worker-1',
          role: options.role ?? 'link-worker',
          correlationId: 'corr',
          causationId: 'corr',
          occurredAt: recordedAt,
          ...(options.ruleSetVersion ? { ruleSetVersion: options.ruleSetVersion } : {}),
        },
        revision: BigInt(events.filter((e) => e.streamId === streamId).length),
        position: BigInt(events.length + 1),
        recordedAt,
      };
      events.push(recorded);
      return recorded;
    },
    stream: (streamId) => events.filter((e) => e.streamId === streamId),
    all: () => [...events],
  };
}
