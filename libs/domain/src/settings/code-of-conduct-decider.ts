/**
 * The LA's code of conduct over time (`settings-code-of-conduct` stream): each adoption is a new
 * named version, so every decision can be read against the rules it was made under.
 */
import type { IsoDate } from '../calendar';
import { CodeOfConduct, NATIONAL_DEFAULTS, validateCodeOfConduct } from '../code-of-conduct';
import { DomainError } from '../errors';

export const CODE_OF_CONDUCT_STREAM = 'settings-code-of-conduct';

export type CodeOfConductEvent = {
  type: 'CodeOfConductAdopted';
  data: { codeOfConduct: CodeOfConduct; adoptedOn: IsoDate };
};
export type CodeOfConductCommand = { type: 'AdoptCodeOfConduct'; codeOfConduct: CodeOfConduct };
export interface CodeOfConductState {
  current: CodeOfConduct;
  versions: string[];
}

export class CodeOfConductVersionReused extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'code-of-conduct-version-reused';
  constructor(version: string) {
    super(`Version "${version}" was adopted before; give the new rules a new version name.`, {
      version,
    });
  }
}

export const codeOfConductDecider = {
  initialState: (): CodeOfConductState => ({
    current: NATIONAL_DEFAULTS,
    versions: [NATIONAL_DEFAULTS.version],
  }),
  evolve: (state: CodeOfConductState, event: CodeOfConductEvent): CodeOfConductState => ({
    current: event.data.codeOfConduct,
    versions: [...state.versions, event.data.codeOfConduct.version],
  }),
  decide: (
    command: CodeOfConductCommand,
    state: CodeOfConductState,
    now: Date,
  ): CodeOfConductEvent[] => {
    const codeOfConduct = validateCodeOfConduct(command.codeOfConduct);
    if (state.versions.includes(codeOfConduct.version))
      throw new CodeOfConductVersionReused(codeOfConduct.version);
    return [
      {
        type: 'CodeOfConductAdopted',
        data: { codeOfConduct, adoptedOn: now.toISOString().slice(0, 10) },
      },
    ];
  },
};
