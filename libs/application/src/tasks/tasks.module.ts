import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { createNotifier, NOTIFIER } from '../notifications/notifier';
import { TaskCommands } from './task-commands';
import { TaskDigests } from './task-digests';
import { TaskQueries } from './task-queries';

/**
 * Work lists: the tasks read model's queries, the commands that complete or hand on a task, and
 * the daily digest sent through the notification port (SMTP, or the file outbox by default).
 */
@Module({})
export class TasksModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TasksModule,
      providers: [
        TaskQueries,
        TaskCommands,
        TaskDigests,
        { provide: NOTIFIER, useFactory: () => createNotifier(config.mail) },
      ],
      exports: [TaskQueries, TaskCommands, TaskDigests],
    };
  }
}
