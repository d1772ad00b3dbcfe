/**
 * What the processes of a generated history yield: one command at a business date and time, sent
 * as a member of staff. The command is built when the step runs (it may read the pupil's state as
 * it is by then) and may be skipped by returning null.
 */
import type {
  CodeOfConduct,
  DirectoryCommand,
  FamilyCommand,
  IsoDate,
  PupilCommand,
} from '@app/domain';
import type { SimFamily, SimPupil, Staff } from './history-world';

export type Step =
  | {
      kind: 'pupil';
      pupil: SimPupil;
      on: IsoDate;
      /** `HH:MM`, UTC. */
      at: string;
      by: Staff;
      command: () => PupilCommand | null;
    }
  | {
      kind: 'family';
      family: SimFamily;
      pupil?: SimPupil;
      on: IsoDate;
      at: string;
      by: Staff;
      command: () => FamilyCommand | null;
    }
  | { kind: 'directory'; on: IsoDate; at: string; by: Staff; command: () => DirectoryCommand }
  | { kind: 'code-of-conduct'; on: IsoDate; at: string; by: Staff; command: () => CodeOfConduct };

/** A process yields steps in date order; the generator runs each before resuming the process. */
export type Process = Generator<Step, void, void>;
export type Subprocess<T> = Generator<Step, T, void>;

export const stepBuilder = {
  pupil: (
    pupil: SimPupil,
    on: IsoDate,
    at: string,
    by: Staff,
    command: () => PupilCommand | null,
  ): Step => ({ kind: 'pupil', pupil, on, at, by, command }),
  family: (
    family: SimFamily,
    on: IsoDate,
    at: string,
    by: Staff,
    command: () => FamilyCommand | null,
    pupil?: SimPupil,
  ): Step => ({ kind: 'family', family, pupil, on, at, by, command }),
};
export type StepBuilder = typeof stepBuilder;
