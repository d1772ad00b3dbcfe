/**
 * Prometheus metrics (prom-client) of one process, api or worker: request latency, command
 * outcomes, each projection's lag, each job queue's depth and register-import progress. Labels are
 * route patterns, command and projection names, never ids or personal data. Served only on
 * METRICS_PORT, a listener of its own (metrics-server.ts), never on the API's port.
 */
import { WrongExpectedRevisionError } from '@app/event-store';
import { DomainError } from '@app/domain';
import type { QueueDepth } from '@app/jobs';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConcurrencyExhaustedError, StaleRevisionError } from '../commands/stream-executor';
import type { ImportReport } from '../imports/import-reports';

export type CommandOutcome = 'accepted' | 'refused' | 'conflict' | 'error';

/** What a command's failure means to an operator: a rule said no, writers collided, or a fault. */
export function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError) return 'refused';
  if (
    error instanceof WrongExpectedRevisionError ||
    error instanceof StaleRevisionError ||
    error instanceof ConcurrencyExhaustedError
  )
    return 'conflict';
  return 'error';
}

export interface MetricsSources {
  projectionLags(): Promise<{ projection: string; lag: number }[]>;
  queueDepths(): Promise<{ queue: string; depth: QueueDepth }[]>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'attendance_commands_total',
    help: 'Commands handled, by command and outcome (accepted, refused by a rule, conflict, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly importsRunning = new Gauge({
    name: 'attendance_register_imports_running',
    help: 'Register imports running in this process',
    registers: [this.registry],
  });
  readonly importRowsRead = new Counter({
    name: 'attendance_register_import_rows_read_total',
    help: 'Register rows read by imports in this process',
    registers: [this.registry],
  });
  readonly importPupilsProcessed = new Counter({
    name: 'attendance_register_import_pupils_processed_total',
    help: 'Pupils whose marks imports in this process have recorded (or found unchanged)',
    registers: [this.registry],
  });
  readonly importsFinished = new Counter({
    name: 'attendance_register_imports_finished_total',
    help: 'Register imports finished in this process, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    new Gauge({
      name: 'attendance_projection_lag_events',
      help: 'Events in the global feed after the position each projection has applied',
      labelNames: ['projection'] as const,
      registers,
      async collect() {
        this.reset();
        for (const { projection, lag } of await sources.projectionLags())
          this.set({ projection }, lag);
      },
    });
    new Gauge({
      name: 'attendance_job_queue_depth',
      help: 'Jobs per queue waiting (due), delayed (due later) and running',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const { queue, depth } of await sources.queueDepths())
          for (const state of ['waiting', 'delayed', 'running'] as const)
            this.set({ queue, state }, depth[state]);
      },
    });
  }

  /**
   * Follows one import's reports as it runs (rows read and pupils processed since the last);
   * `end` closes it however the run ended, thrown errors included.
   */
  importProgress(): { update(report: ImportReport): void; end(): void } {
    let rows = 0;
    let pupils = 0;
    let running = false;
    const stop = (status: string) => {
      if (!running) return;
      running = false;
      this.importsRunning.dec();
      this.importsFinished.inc({ status });
    };
    return {
      update: (report) => {
        if (!running && report.status === 'running') {
          running = true;
          this.importsRunning.inc();
        }
        const { rowsRead, pupilsProcessed } = report.progress;
        if (rowsRead > rows) this.importRowsRead.inc(rowsRead - rows);
        if (pupilsProcessed > pupils) this.importPupilsProcessed.inc(pupilsProcessed - pupils);
        rows = Math.max(rows, rowsRead);
        pupils = Math.max(pupils, pupilsProcessed);
        if (report.status === 'completed' || report.status === 'failed') stop(report.status);
      },
      end: () => stop('interrupted'),
    };
  }
}
