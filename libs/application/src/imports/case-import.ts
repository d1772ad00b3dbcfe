/**
 * Bringing an existing case across with its history: a document of dated commands, run in order
 * through the same command handlers as the API, each back-dated to the day its fact happened
 * (libs/domain dated-facts.ts). docs/case-import.md describes the document.
 *
 * - Ids: the document names pupils, families, parents, notices and the rest by its own keys; each
 *   becomes a UUID derived from the case reference and the key, so the same document always
 *   writes to the same streams and names the same items.
 * - Idempotent: every event a step writes carries the causation id `case-import:<case>:<step>`;
 *   a step whose stream already holds it is not sent again. Sending a document twice records it
 *   once; sending it again after a refused step, corrected, carries on from that step.
 * - Known when: a step may say when the LA's earlier system recorded the fact (`recordedAt`); the
 *   event keeps it as `firstRecordedAt`, which the "known by" view reads (state-as-of.ts).
 */
import { createHash } from 'node:crypto';
import type { Command, CommandBus } from '@nestjs/cqrs';
import { FamilyCommand, familyStreamId, PupilCommand, pupilStreamId } from '@app/domain';
import { type EventStore, readStreamEvents } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import type { ExecuteResult } from '../commands/stream-executor';
import { ExecuteFamilyCommand } from '../pupils/family-commands';
import { ExecutePupilCommand } from '../pupils/pupil-commands';

/** One step of a case: a command for one of the case's pupils or families, ids still the document's keys. */
export type CaseImportStep =
  | { pupil: string; command: PupilCommand; recordedAt?: string }
  | { family: string; command: FamilyCommand; recordedAt?: string };

export interface CaseImportDocument {
  /** The case's reference in the system it comes from: with each key, it makes the ids. */
  caseReference: string;
  steps: CaseImportStep[];
}

export interface CaseImportResult {
  caseReference: string;
  steps: number;
  /** Steps that recorded something now, and steps that found their facts already recorded. */
  recorded: number;
  alreadyRecorded: number;
  /** The id each key of the document became. */
  ids: Record<string, Record<string, string>>;
}

/** Fields that name something of the case by the document's key (others, like `schoolId`, are external ids). */
const KEYED_FIELDS = {
  pupilId: 'pupil',
  familyId: 'family',
  parentId: 'parent',
  parentIds: 'parent',
  concernId: 'concern',
  conversationId: 'conversation',
  supportId: 'support',
  referralId: 'referral',
  contractId: 'contract',
  orderId: 'order',
  noticeId: 'notice',
  prosecutionId: 'prosecution',
  planId: 'plan',
} as const;
type Kind = (typeof KEYED_FIELDS)[keyof typeof KEYED_FIELDS];

/** A UUID (RFC 9562 version 8, name-based on SHA-256) for a key of a case: the same every time. */
export function importedId(caseReference: string, kind: Kind, key: string): string {
  const hex = createHash('sha256')
    .update(`${caseReference}\u0000${kind}\u0000${key}`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A step refused by the domain or a handler: the steps before it are recorded, none after. */
export class CaseImportStepRefused extends Error {
  constructor(
    readonly step: number,
    readonly commandType: string,
    readonly reason: Error,
  ) {
    super(
      `Step ${step} (${commandType}) was refused: ${reason.message} The steps before it are recorded; correct step ${step} and send the document again: recorded steps are not repeated.`,
    );
    this.name = 'CaseImportStepRefused';
  }
}

export class CaseImporter {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: EventStore,
  ) {}

  /** Runs the steps in order; `who` is the importing user, recorded as every event's actor. */
  async run(
    document: CaseImportDocument,
    who: Pick<CommandMetadata, 'actor' | 'role' | 'correlationId'>,
  ): Promise<CaseImportResult> {
    const { caseReference, steps } = document;
    const ids: CaseImportResult['ids'] = {};
    const id = (kind: Kind, key: string) => {
      const value = importedId(caseReference, kind, key);
      (ids[kind] ??= {})[key] = value;
      return value;
    };
    const keyed = <C extends object>(command: C): C =>
      Object.fromEntries(
        Object.entries(command).map(([field, value]) => {
          const kind = (KEYED_FIELDS as Record<string, Kind | undefined>)[field];
          if (kind === undefined) return [field, value];
          return [
            field,
            Array.isArray(value) ? value.map((k) => id(kind, String(k))) : id(kind, String(value)),
          ];
        }),
      ) as C;

    const recorded = new Map<string, Set<string>>();
    const causationsIn = async (streamId: string) => {
      let seen = recorded.get(streamId);
      if (!seen) {
        seen = new Set(
          (await readStreamEvents(this.store, streamId)).map((e) => String(e.metadata.causationId)),
        );
        recorded.set(streamId, seen);
      }
      return seen;
    };

    let recordedNow = 0;
    let alreadyRecorded = 0;
    for (const [index, step] of steps.entries()) {
      const number = index + 1;
      const causationId = `case-import:${caseReference}:${number}`;
      const metadata: CommandMetadata = { ...who, causationId };
      const extraMetadata = step.recordedAt
        ? { firstRecordedAt: new Date(step.recordedAt).toISOString() }
        : undefined;
      const options = { extraMetadata };
      // Each write this step makes: its stream, and the command sent to it if not yet recorded there.
      const writes: { streamId: string; send: () => Command<ExecuteResult<unknown>> }[] = [];
      if ('pupil' in step) {
        const pupilId = id('pupil', step.pupil);
        const command = keyed(step.command);
        writes.push({
          streamId: pupilStreamId(pupilId),
          send: () =>
            new ExecutePupilCommand(
              pupilId,
              command.type === 'RegisterPupil' ? { ...command, pupilId } : command,
              metadata,
              options,
            ),
        });
        // A link is written on the pupil, then on the family, as POST /families/{id}/pupils does.
        if (command.type === 'LinkToFamily')
          writes.push({
            streamId: familyStreamId(command.familyId),
            send: () =>
              new ExecuteFamilyCommand(
                command.familyId,
                { type: 'LinkPupil', pupilId, linkedOn: command.linkedOn },
                metadata,
                options,
              ),
          });
      } else {
        const familyId = id('family', step.family);
        const command = keyed(step.command);
        writes.push({
          streamId: familyStreamId(familyId),
          send: () =>
            new ExecuteFamilyCommand(
              familyId,
              command.type === 'RegisterFamily' ? { ...command, familyId } : command,
              metadata,
              options,
            ),
        });
      }
      let written = false;
      try {
        for (const write of writes) {
          if ((await causationsIn(write.streamId)).has(causationId)) continue;
          const result = await this.commands.execute(write.send());
          written ||= result.events.length > 0;
        }
      } catch (error) {
        throw new CaseImportStepRefused(number, step.command.type, error as Error);
      }
      if (written) recordedNow += 1;
      else alreadyRecorded += 1;
    }
    return {
      caseReference,
      steps: steps.length,
      recorded: recordedNow,
      alreadyRecorded,
      ids,
    };
  }
}
