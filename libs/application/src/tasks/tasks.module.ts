import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { TaskCommands } from './task-commands';
import { TaskQueries } from './task-queries';

/** Work lists: the tasks read model's queries and the commands that complete or hand on a task. */
@Module({})
export class TasksModule {
  static forRoot(_config: AppConfig): DynamicModule {
    return {
      module: TasksModule,
      providers: [TaskQueries, TaskCommands],
      exports: [TaskQueries, TaskCommands],
    };
  }
}
