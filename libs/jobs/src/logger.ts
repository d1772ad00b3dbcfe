import pino from 'pino';

/** What the schedulers log: infrastructure trouble only, never payloads (they may name people). */
export interface JobsLogger {
  error(details: object, message: string): void;
}

export const defaultJobsLogger = (): JobsLogger => pino({ name: 'jobs' });
