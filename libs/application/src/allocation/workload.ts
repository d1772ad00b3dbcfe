/**
 * Each worker's open cases by stage, flag and trend, so a manager can balance them: the casework
 * projection's per-lead-practitioner counters (`current-worker`), busiest first, and the open
 * cases no one is allocated to (the LA's counters less every worker's).
 */
import type { StatisticsDoc } from '@app/read-models';
import { CaseloadFigures, caseloadFigures } from '../read-models/statistics-report';

export interface Workload {
  workers: (CaseloadFigures & { workerId: string })[];
  unallocated: CaseloadFigures;
}

export function workloadOf(workers: StatisticsDoc[], la: StatisticsDoc | undefined): Workload {
  const left: Record<string, number> = { ...la?.counters };
  for (const w of workers)
    for (const [counter, n] of Object.entries(w.counters)) left[counter] = (left[counter] ?? 0) - n;
  return {
    workers: workers
      .map((w) => ({ workerId: w.schoolId, ...caseloadFigures(w.counters) }))
      .sort((a, b) =>
        a.openCases !== b.openCases ? b.openCases - a.openCases : a.workerId < b.workerId ? -1 : 1,
      ),
    unallocated: caseloadFigures(left),
  };
}
