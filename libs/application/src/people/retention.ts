/**
 * Retention (UK GDPR art 5(1)(e)): the LA's retention policy (`settings-retention`, the documented
 * defaults until an administrator adopts one), a review that lists the closed cases whose every
 * record is past its period (run daily as a job, and on demand), and the erasure an administrator
 * confirms for one of them: the pupil's and the parents' personal details, each an audited
 * PersonErased event with its basis and reason. A parent still in a family with a case within
 * retention is kept, and the review says why.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  dateOf,
  DomainError,
  familyStreamId,
  familyDecider,
  type IsoDate,
  pupilJourneyDecider,
  pupilStreamId,
  RETENTION_POLICY_STREAM,
  retentionEndsOn,
  type RetentionFacts,
  type RetentionPolicy,
  retentionPolicyDecider,
  type RetentionPolicyCommand,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { Scheduler } from '@app/jobs';
import {
  CLOSED_CASES,
  defineCollection,
  type DocumentStore,
  peopleIndexProjection,
  ProjectionReader,
} from '@app/read-models';
import type { CommandMetadata } from '../commands/command-metadata';
import { loadStream, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, type Clock, DOCUMENT_STORE, EVENT_STORE, SCHEDULER } from '../tokens';
import { ExecutePersonCommand } from './person-commands';
import { PersonMembershipsReader } from './person-memberships';
import { PersonalDetailsReader } from './personal-details';

export interface RetentionCase {
  pupilId: string;
  familyId: string | null;
  closedOn: IsoDate;
  retentionEndedOn: IsoDate;
  /** The people whose details confirming erases (ids; names are never kept in the review). */
  erases: string[];
  /** Parents kept, with why. */
  keeps: { personId: string; because: string }[];
}

export interface RetentionReview {
  reviewedOn: IsoDate;
  policy: RetentionPolicy;
  cases: RetentionCase[];
}

const RETENTION_REVIEWS = defineCollection<RetentionReview>({ name: 'retention-reviews' });
export const RETENTION_QUEUE = 'retention';
const REVIEW_JOB = 'retention-review';
const DAY_MS = 86_400_000;

/** A case that is not (or no longer) past its retention period cannot be erased for it (HTTP 409). */
export class NotPastRetention extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'not-past-retention';
  constructor(pupilId: string, endsOn: IsoDate | null) {
    super(
      endsOn
        ? `Pupil ${pupilId}'s records are kept until ${endsOn} under the LA's retention policy; nothing was erased.`
        : `Pupil ${pupilId}'s case is open (or was never closed): it is kept; nothing was erased.`,
    );
  }
}

@Injectable()
export class Retention implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');
  private readonly index: ProjectionReader;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly executor: StreamExecutor,
    private readonly commands: CommandBus,
    private readonly people: PersonalDetailsReader,
    private readonly memberships: PersonMembershipsReader,
  ) {
    this.index = new ProjectionReader(documents, peopleIndexProjection);
  }

  onModuleInit(): void {
    this.scheduler.registerHandler(RETENTION_QUEUE, async () => {
      const review = await this.review();
      this.logger.log({ cases: review.cases.length }, 'retention review');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.upsertRecurring({
      queue: RETENTION_QUEUE,
      name: REVIEW_JOB,
      id: REVIEW_JOB,
      payload: {},
      everyMs: DAY_MS,
    });
  }

  async policy(): Promise<RetentionPolicy> {
    const { state } = await loadStream(
      this.store,
      RETENTION_POLICY_STREAM,
      retentionPolicyDecider.evolve,
      retentionPolicyDecider.initialState,
    );
    return state.current;
  }

  adopt(command: RetentionPolicyCommand, metadata: CommandMetadata) {
    const now = this.clock();
    return this.executor.execute({
      streamId: RETENTION_POLICY_STREAM,
      decider: retentionPolicyDecider,
      command,
      metadata,
      now,
      context: () => now,
    });
  }

  /** The dates each kind of the case's records runs from, from the pupil's stream. */
  async factsOf(pupilId: string): Promise<RetentionFacts & { familyId: string | null }> {
    const { state, events } = await loadStream(
      this.store,
      pupilStreamId(pupilId),
      pupilJourneyDecider.evolve,
      pupilJourneyDecider.initialState,
    );
    const closure = [...events].reverse().find((e) => e.type === 'CaseClosed');
    const latest = (dates: (IsoDate | null | undefined)[]) =>
      dates
        .filter((d): d is IsoDate => typeof d === 'string')
        .sort()
        .at(-1) ?? null;
    return {
      familyId: state.familyId,
      closedOn:
        state.status === 'closed' && closure
          ? (closure.data as { closedOn: IsoDate }).closedOn
          : null,
      lastRegisterOn: latest(state.marks.map((m) => m.date)),
      lastNoticeSettledOn: latest([
        ...state.penaltyNotices.map(
          (n) => n.paidOn ?? n.withdrawal?.on ?? n.prosecutedOn ?? n.paymentEnds,
        ),
        ...state.noticesToImprove.map((n) => n.periodEndsOn),
      ]),
      lastProsecutionOn: latest(state.prosecutions.map((p) => p.outcomeOn ?? p.laidOn)),
    };
  }

  /** Lists every closed case past retention today, and keeps the list for an administrator. */
  async review(): Promise<RetentionReview> {
    const today = dateOf(this.clock());
    const policy = await this.policy();
    const cases: RetentionCase[] = [];
    const past = new Map<string, boolean>();
    const isPast = async (pupilId: string) => {
      if (!past.has(pupilId)) {
        const ends = retentionEndsOn(await this.factsOf(pupilId), policy);
        past.set(pupilId, ends !== null && ends <= today);
      }
      return past.get(pupilId)!;
    };
    let cursor: string | undefined;
    do {
      const page = await this.index.query(CLOSED_CASES, { cursor, limit: 500 });
      for (const { pupilId, closedOn } of page.items) {
        const facts = await this.factsOf(pupilId);
        const ends = retentionEndsOn(facts, policy);
        if (ends === null || ends > today) continue;
        cases.push({
          pupilId,
          familyId: facts.familyId,
          closedOn,
          retentionEndedOn: ends,
          ...(await this.whoIsErased(pupilId, facts.familyId, isPast)),
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    const review = { reviewedOn: today, policy, cases };
    await this.documents.put(RETENTION_REVIEWS, 'latest', review);
    return review;
  }

  /** The review the job last made (null before its first run). */
  async latest(): Promise<RetentionReview | null> {
    return (await this.documents.get(RETENTION_REVIEWS, 'latest')) ?? null;
  }

  /**
   * Erases the personal details of a case past retention, as an administrator confirmed: the
   * pupil's, and each parent's who is in no family with a case still within retention.
   */
  async confirm(pupilId: string, metadata: CommandMetadata): Promise<RetentionCase> {
    const today = dateOf(this.clock());
    const policy = await this.policy();
    const facts = await this.factsOf(pupilId);
    const ends = retentionEndsOn(facts, policy);
    if (ends === null || ends > today) throw new NotPastRetention(pupilId, ends);
    const isPast = async (id: string) => {
      const e = retentionEndsOn(await this.factsOf(id), policy);
      return e !== null && e <= today;
    };
    const who = await this.whoIsErased(pupilId, facts.familyId, isPast);
    const periods = Object.entries(policy)
      .map(([kind, years]) => `${kind.replace(/Years$/, '')} ${years} years`)
      .join(', ');
    for (const personId of who.erases)
      await this.commands.execute(
        new ExecutePersonCommand(
          {
            type: 'ErasePerson',
            personId,
            basis: 'retention-period-ended',
            reason: `The retention period of pupil ${pupilId}'s case (closed ${facts.closedOn}) ended on ${ends} under the LA's retention policy (${periods}); erasure confirmed by an administrator.`,
          },
          metadata,
        ),
      );
    return {
      pupilId,
      familyId: facts.familyId,
      closedOn: facts.closedOn!,
      retentionEndedOn: ends,
      ...who,
    };
  }

  /** The pupil and the parents erasing this case would erase; parents kept for another case. */
  private async whoIsErased(
    pupilId: string,
    familyId: string | null,
    isPast: (pupilId: string) => Promise<boolean>,
  ): Promise<Pick<RetentionCase, 'erases' | 'keeps'>> {
    const erases: string[] = [];
    const keeps: RetentionCase['keeps'] = [];
    const pupil = await this.people.of(pupilId);
    if (pupil?.status === 'held') erases.push(pupilId);
    if (!familyId) return { erases, keeps };
    const family = await this.family(familyId);
    for (const { parentId } of family.parents) {
      const parent = await this.people.of(parentId);
      if (parent?.status !== 'held') continue;
      let keptFor: string | undefined;
      for (const m of await this.memberships.familiesOf(parentId))
        for (const other of (await this.family(m.familyId)).pupilIds)
          if (!keptFor && other !== pupilId && !(await isPast(other))) keptFor = other;
      if (keptFor)
        keeps.push({
          personId: parentId,
          because: `pupil ${keptFor}'s case is open or within its retention period`,
        });
      else erases.push(parentId);
    }
    return { erases, keeps };
  }

  private async family(familyId: string) {
    return (
      await loadStream(
        this.store,
        familyStreamId(familyId),
        familyDecider.evolve,
        familyDecider.initialState,
      )
    ).state;
  }
}
