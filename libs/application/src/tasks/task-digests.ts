/**
 * The daily digest: each person with tasks due or overdue gets one e-mail a day. A recurring job
 * (BullMQ or the in-process scheduler) looks every TASK_DIGEST_CHECK_MS, from TASK_DIGEST_HOUR
 * (UTC), for people with tasks due by today and schedules one job per person and day under an id
 * made of the day and the person: the scheduler keeps finished ids (90 days), so the same digest
 * is never scheduled twice, across restarts too. The job sends it through the notification port.
 */
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { dateOf, IsoDate, isDue } from '@app/domain';
import type { Scheduler } from '@app/jobs';
import type { TaskRow } from '@app/read-models';
import type { AppConfig } from '../config/config';
import { NOTIFIER, type Notifier } from '../notifications/notifier';
import { APP_CONFIG, CLOCK, type Clock, SCHEDULER } from '../tokens';
import { digestEmail, personToken } from './digest-email';
import { TaskQueries } from './task-queries';

export const DIGESTS_QUEUE = 'task-digests';
export const PLAN_DIGESTS = 'plan-task-digests';
export const SEND_DIGEST = 'send-task-digest';

export interface DigestJob {
  day: IsoDate;
  assignee: string;
}

const PAGE = 500;

@Injectable()
export class TaskDigests implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TaskDigests');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tasks: TaskQueries,
  ) {}

  /** Digests run where the projections (and the other jobs) run. */
  private get runsHere(): boolean {
    return this.config.projections.runInProcess;
  }

  onModuleInit(): void {
    if (!this.runsHere) return;
    this.scheduler.registerHandler<DigestJob | Record<string, never>>(
      DIGESTS_QUEUE,
      async (job) => {
        if (job.name === PLAN_DIGESTS) await this.plan();
        else await this.send(job.payload as DigestJob);
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsHere) return;
    await this.scheduler.upsertRecurring({
      queue: DIGESTS_QUEUE,
      name: PLAN_DIGESTS,
      id: PLAN_DIGESTS,
      payload: {},
      everyMs: this.config.mail.digest.checkEveryMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.notifier.close();
  }

  /** Schedules today's digest for everyone with tasks due by today; returns how many were new. */
  async plan(): Promise<number> {
    const now = this.clock();
    if (now.getUTCHours() < this.config.mail.digest.hourUtc) return 0;
    const day = dateOf(now);
    const people = new Set<string>();
    for await (const row of this.dueBy('all', day)) if (row.assignee) people.add(row.assignee);
    let created = 0;
    for (const assignee of people) {
      const result = await this.scheduler.schedule<DigestJob>({
        queue: DIGESTS_QUEUE,
        name: SEND_DIGEST,
        id: `digest-${day}-${personToken(assignee)}`,
        payload: { day, assignee },
      });
      if (result.created) created += 1;
    }
    if (created > 0) this.logger.log({ digests: created, day }, 'task digests scheduled');
    return created;
  }

  /** Sends one person's digest for the day (nothing when their tasks were done meanwhile). */
  async send({ day, assignee }: DigestJob): Promise<void> {
    const due: TaskRow[] = [];
    for await (const row of this.dueBy(`assignee:${assignee}`, day)) due.push(row);
    if (due.length === 0) return;
    await this.notifier.send(
      digestEmail({
        day,
        assignee,
        tasks: due,
        publicUrl: this.config.web.publicUrl,
        recipientDomain: this.config.mail.recipientDomain,
      }),
    );
  }

  /** Open tasks under one index value due by `day`, earliest first, read page by page. */
  private async *dueBy(facet: string, day: IsoDate): AsyncGenerator<TaskRow> {
    let cursor: string | undefined;
    do {
      const page = await this.tasks.rows(facet, { cursor, limit: PAGE });
      for (const row of page.items) {
        if (!isDue(row.dueOn, day)) return;
        yield row;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
}
