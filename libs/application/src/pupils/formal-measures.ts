/**
 * Formal measures as a person works on them: what a pupil's case holds of notices to improve,
 * penalty notices, attendance contracts, supervision orders and prosecutions, with the family's
 * parents and carers to name; and a command decided without being recorded (`PreviewPupilCommand`),
 * so a person can see the amounts and dates a notice will carry, worked out by the same `decide`
 * that will issue it, before they confirm it.
 */
import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  familyDecider,
  familyStreamId,
  Parent,
  PupilCommand,
  PupilEvent,
  PupilJourney,
  pupilJourneyDecider,
} from '@app/domain';
import { StreamStates } from '../commands/stream-states';
import { CLOCK, Clock } from '../tokens';
import type { CaseAccessCheck } from './case-access';
import { CodeOfConductProvider } from './code-of-conduct';
import { loadPupilCase, pupilDecisionContext } from './pupil-commands';

export interface FormalMeasuresView {
  pupilId: string;
  reference: string;
  status: PupilJourney['status'];
  familyId: string | null;
  /** The family's parents and carers, in the order they were added (none when not linked). */
  parents: Parent[];
  noticesToImprove: PupilJourney['noticesToImprove'];
  penaltyNotices: PupilJourney['penaltyNotices'];
  contracts: PupilJourney['contracts'];
  contractsDeclined: PupilJourney['contractsDeclined'];
  supervisionOrders: PupilJourney['supervisionOrders'];
  prosecutions: PupilJourney['prosecutions'];
  /** The pupil stream's revision: a write confirmed against it fails if the case changed since. */
  revision: bigint;
}

/** A pupil's formal measures as they stand, for someone allowed to see the case. */
export class GetFormalMeasures extends Query<FormalMeasuresView> {
  constructor(
    readonly pupilId: string,
    readonly access: CaseAccessCheck,
  ) {
    super();
  }
}

@QueryHandler(GetFormalMeasures)
export class GetFormalMeasuresHandler implements IQueryHandler<GetFormalMeasures> {
  constructor(private readonly states: StreamStates) {}

  async execute({ pupilId, access }: GetFormalMeasures): Promise<FormalMeasuresView> {
    const { state, revision } = await loadPupilCase(this.states, pupilId, access);
    const family = state.familyId
      ? (await this.states.load(familyStreamId(state.familyId), familyDecider)).state
      : undefined;
    return {
      pupilId: state.pupilId,
      reference: state.reference,
      status: state.status,
      familyId: state.familyId,
      parents: family?.parents ?? [],
      noticesToImprove: state.noticesToImprove,
      penaltyNotices: state.penaltyNotices,
      contracts: state.contracts,
      contractsDeclined: state.contractsDeclined,
      supervisionOrders: state.supervisionOrders,
      prosecutions: state.prosecutions,
      revision,
    };
  }
}

/**
 * What a command would record if it were sent now, decided exactly as `ExecutePupilCommand` decides
 * it (the same case access, code of conduct, family and clock), with nothing appended. A refusal
 * is thrown as the command would throw it. `revision` is the state it was decided on: sending the
 * command pinned to it records what was shown, or fails if the case changed in between.
 */
export class PreviewPupilCommand extends Query<{ events: PupilEvent[]; revision: bigint }> {
  constructor(
    readonly pupilId: string,
    readonly command: PupilCommand,
    readonly access: CaseAccessCheck,
  ) {
    super();
  }
}

@QueryHandler(PreviewPupilCommand)
export class PreviewPupilCommandHandler implements IQueryHandler<PreviewPupilCommand> {
  constructor(
    private readonly states: StreamStates,
    private readonly codes: CodeOfConductProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ pupilId, command, access }: PreviewPupilCommand) {
    const now = this.clock();
    const { codeOfConduct } = await this.codes.current();
    // Case access is checked with the decision's context, as the command checks it.
    const loaded = await loadPupilCase(this.states, pupilId);
    const context = await pupilDecisionContext(
      this.states,
      loaded.state,
      command,
      { now, codeOfConduct },
      access,
    );
    return {
      events: pupilJourneyDecider.decide(command, loaded.state, context),
      revision: loaded.revision,
    };
  }
}
