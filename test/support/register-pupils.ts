/** Registers generated pupils through the pupil command path, many per durable write (test and bench set-up). */
import { CommandBus } from '@nestjs/cqrs';
import { ExecutePupilCommandBatch } from '@app/application/pupils/pupil-command-batch';
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
