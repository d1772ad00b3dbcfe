/**
 * The LA's directory (`settings-directory` stream): the schools it works with and which schools
 * each member of staff is allocated to. Allocations widen a link worker's case access beyond what
 * their identity provider says.
 */
import { DomainError } from '../errors';
import { SCHOOL_TYPES, SchoolType } from '../pupil-journey/vocabulary';

export const DIRECTORY_STREAM = 'settings-directory';

export interface School {
  schoolId: string;
  name: string;
  schoolType: SchoolType;
}

export type DirectoryEvent =
  | { type: 'SchoolRegistered'; data: School }
  | { type: 'StaffAllocated'; data: { userId: string; schoolIds: string[] } };
export type DirectoryCommand =
  | ({ type: 'RegisterSchool' } & School)
  | { type: 'AllocateStaff'; userId: string; schoolIds: string[] };

export interface DirectoryState {
  schools: School[];
  allocations: Record<string, string[]>;
}

export class DirectoryRefused extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const directoryDecider = {
  initialState: (): DirectoryState => ({ schools: [], allocations: {} }),
  evolve: (state: DirectoryState, event: DirectoryEvent): DirectoryState => {
    switch (event.type) {
      case 'SchoolRegistered':
        return { ...state, schools: [...state.schools, event.data] };
      case 'StaffAllocated':
        return {
          ...state,
          allocations: { ...state.allocations, [event.data.userId]: event.data.schoolIds },
        };
      default: {
        const _never: never = event;
        return _never;
      }
    }
  },
  decide: (command: DirectoryCommand, state: DirectoryState): DirectoryEvent[] => {
    switch (command.type) {
      case 'RegisterSchool': {
        if (state.schools.some((s) => s.schoolId === command.schoolId))
          throw new DirectoryRefused(
            'school-exists',
            `School ${command.schoolId} is already registered.`,
          );
        if (!SCHOOL_TYPES.includes(command.schoolType))
          throw new DirectoryRefused(
            'school-type',
            `"${command.schoolType}" is not a school type.`,
          );
        return [
          {
            type: 'SchoolRegistered',
            data: {
              schoolId: command.schoolId,
              name: command.name,
              schoolType: command.schoolType,
            },
          },
        ];
      }
      case 'AllocateStaff': {
        const unknown = command.schoolIds.filter(
          (id) => !state.schools.some((s) => s.schoolId === id),
        );
        if (unknown.length)
          throw new DirectoryRefused(
            'unknown-school',
            `Register these schools first: ${unknown.join(', ')}.`,
          );
        const schoolIds = [...new Set(command.schoolIds)].sort();
        const current = [...(state.allocations[command.userId] ?? [])].sort();
        if (current.join('|') === schoolIds.join('|')) return [];
        return [{ type: 'StaffAllocated', data: { userId: command.userId, schoolIds } }];
      }
      default: {
        const _never: never = command;
        return _never;
      }
    }
  },
};
