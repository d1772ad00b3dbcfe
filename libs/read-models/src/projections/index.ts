/**
 * Every read model the system keeps: the worker (or, on the embedded default, the API process)
 * runs all of them, and `npm run projections:rebuild -- <name>` rebuilds one by name.
 */
import type { Projection } from '../projector/projection';
import { CASEWORK_PROJECTIONS } from './casework';
import { caseFileProjection } from './case-file';
import { tasksProjection } from './tasks';

export * from './casework';
export * from './case-file';
export * from './tasks';
import { pupilIndexProjection } from './pupil-index.projection';
import { penaltyNoticeIndexProjection } from './penalty-notice-index.projection';
import { eventFeedProjection } from './event-feed.projection';
import { peopleIndexProjection } from './people-index.projection';

export const ALL_PROJECTIONS: readonly Projection[] = [
  pupilIndexProjection,
  ...CASEWORK_PROJECTIONS,
  penaltyNoticeIndexProjection,
  caseFileProjection,
  eventFeedProjection,
  tasksProjection,
  peopleIndexProjection,
];

export function projectionNamed(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}

/** Every name a read model can be rebuilt by: each projection's, each group followed by its views. */
export const PROJECTION_NAMES: readonly string[] = ALL_PROJECTIONS.flatMap((p) => [
  p.name,
  ...(p.members?.views.map((m) => m.name) ?? []),
]);

/** The projection that runs the read model named `name`: itself, or the group that keeps it. */
export function projectionRunning(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find(
    (p) => p.name === name || p.members?.views.some((m) => m.name === name),
  );
}

export * from './pupil-index.projection';
export * from './penalty-notice-index.projection';
export * from './event-feed.projection';
export * from './people-index.projection';
