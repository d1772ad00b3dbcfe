/**
 * The shape every stream's behaviour has in libs/domain (conventions.md, "The domain is a decider").
 * The application layer is generic over it: load, fold, decide, append.
 */
export interface DomainEventShape {
  type: string;
  data: object;
}

export interface Decider<Command, Event extends DomainEventShape, State, Context> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
  /**
   * The version of `initialState` and `evolve` (libs/domain): where given, the folded state is
   * also kept in stored snapshots, each marked with it and ignored once it changes.
   */
  stateVersion?: string;
}
