export * from './scheduler.port';
export * from './rule-failure';
export { assertValidJobId, backoffDelayMs, InvalidJobId } from './job-id';
export type { JobsLogger } from './logger';
export * from './bullmq/bullmq-scheduler';
export * from './in-process/sqlite-scheduler';
