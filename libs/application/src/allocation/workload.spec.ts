import { workloadOf } from './workload';

const doc = (schoolId: string, counters: Record<string, number>) => ({
  scope: 'x',
  schoolId,
  counters,
});

describe('the workload view', () => {
  it('lists the busiest worker first, then by id', () => {
    const view = workloadOf(
      [
        doc('worker-b', { open: 1, 'stage:monitor': 1 }),
        doc('worker-c', { open: 2, 'stage:monitor': 2 }),
        doc('worker-a', { open: 1, 'stage:enforce': 1 }),
      ],
      doc('*', { open: 4 }),
    );
    expect(view.workers.map((w) => [w.workerId, w.openCases])).toEqual([
      ['worker-c', 2],
      ['worker-a', 1],
      ['worker-b', 1],
    ]);
    expect(view.workers[0].byStage.monitor).toBe(2);
  });

  it('counts as unallocated the open cases no worker holds, by stage and flag', () => {
    const view = workloadOf(
      [doc('worker-a', { open: 2, 'stage:monitor': 1, 'stage:enforce': 1, 'flag:severe': 1 })],
      doc('*', { open: 5, 'stage:monitor': 3, 'stage:enforce': 2, 'flag:severe': 2 }),
    );
    expect(view.unallocated).toMatchObject({
      openCases: 3,
      byStage: expect.objectContaining({ monitor: 2, enforce: 1 }),
      flags: { persistent: 0, severe: 1, threshold: 0 },
    });
  });

  it('is empty for an LA with no open cases', () => {
    expect(workloadOf([], undefined)).toMatchObject({ workers: [], unallocated: { openCases: 0 } });
  });
});
