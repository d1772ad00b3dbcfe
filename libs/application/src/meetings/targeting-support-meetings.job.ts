import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Scheduler } from '@app/jobs';
import type { AppConfig } from '../config/config';
import { APP_CONFIG, SCHEDULER } from '../tokens';
import {
  MEETINGS_QUEUE,
  PREPARE_DUE_MEETINGS,
  PREPARE_EVERY_MS,
  TargetingSupportMeetings,
} from './targeting-support-meetings';

/**
 * The termly schedule: a recurring job (the same on BullMQ and on the in-process scheduler) that
 * prepares every school's meeting once its term's preparation date has come. Terms are not a fixed
 * interval, so the job runs every few hours and the domain decides what is due; preparing is
 * idempotent, so the runs in between change nothing.
 */
@Injectable()
export class TargetingSupportMeetingsJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('TargetingSupportMeetings');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    private readonly meetings: TargetingSupportMeetings,
  ) {}

  private get runsHere(): boolean {
    return this.config.projections.runInProcess;
  }

  onModuleInit(): void {
    if (!this.runsHere) return;
    this.scheduler.registerHandler(MEETINGS_QUEUE, async (job) => {
      const prepared = await this.meetings.prepareDue(job.id);
      if (prepared.length > 0) this.logger.log({ meetings: prepared.length }, 'meetings prepared');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsHere) return;
    await this.scheduler.upsertRecurring({
      queue: MEETINGS_QUEUE,
      name: PREPARE_DUE_MEETINGS,
      id: PREPARE_DUE_MEETINGS,
      payload: {},
      everyMs: PREPARE_EVERY_MS,
    });
  }
}
