/** Registers generated pupils through the pupil command path, many per durable write (test and bench set-up). */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, ApplicationModule } from '@app/application';
import {
  ExecutePupilCommandBatch,
  ExecutePupilCommandBatchHandler,
} from '@app/application/pupils/pupil-command-batch';
import type { GeneratedPupil } from './register-files';

export async function registerPupils(
  commands: CommandBus,
  pupils: readonly GeneratedPupil[],
  batchSize = 1000,
): Promise<void> {
  const metadata = {
    actor: 'setup',
    role: 'attendance-officer',
    correlationId: 'setup',
    causationId: 'setup',
  };
  for (let i = 0; i < pupils.length; i += batchSize) {
    const outcomes = await commands.execute(
      new ExecutePupilCommandBatch(
        pupils.slice(i, i + batchSize).map((p, j) => ({
          pupilId: p.pupilId,
          commands: [
            {
              type: 'RegisterPupil',
              pupilId: p.pupilId,
              reference: `REF-${i + j}`,
              upn: p.upn,
              dateOfBirth: '2014-03-01',
              schoolId: p.schoolId,
              schoolType: 'academy',
              yearGroup: 7,
            },
          ],
        })),
        metadata,
      ),
    );
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  }
}

@Module({})
class RegisterPupilsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RegisterPupilsModule,
      imports: [ApplicationModule.forRoot(config)],
      providers: [ExecutePupilCommandBatchHandler],
    };
  }
}

/** Registers the pupils in the stores `config` points at, in a Nest context of its own, then closes it. */
export async function registerPupilsIn(
  config: AppConfig,
  pupils: readonly GeneratedPupil[],
): Promise<void> {
  const app = await NestFactory.createApplicationContext(RegisterPupilsModule.forRoot(config), {
    logger: false,
  });
  try {
    await registerPupils(app.get(CommandBus), pupils);
  } finally {
    await app.close();
  }
}
