import type { StatisticsDoc } from './documents';
import { sumStatistics } from './views';

const doc = (schoolId: string, counters: Record<string, number>): StatisticsDoc => ({
  scope: 'current',
  schoolId,
  counters,
});

describe('adding up the statistics documents of one scope', () => {
  it('given one document per school, gives them as they are, in order', () => {
    const docs = [doc('*', { open: 3 }), doc('school-a', { open: 3 })];
    expect(sumStatistics(docs)).toEqual(docs);
  });

  it("given a school's counters in one document per partition, adds them up, counters either holds included", () => {
    expect(
      sumStatistics([
        doc('*', { open: 2, 'flag:severe': 1 }),
        doc('*', { open: 1, 'stage:monitor': 1 }),
        doc('school-a', { open: 2 }),
        doc('school-b', { open: 1 }),
        doc('school-a', { open: 1, 'flag:severe': 1 }),
      ]),
    ).toEqual([
      doc('*', { open: 3, 'flag:severe': 1, 'stage:monitor': 1 }),
      doc('school-a', { open: 3, 'flag:severe': 1 }),
      doc('school-b', { open: 1 }),
    ]);
  });

  it('given nothing, gives nothing', () => {
    expect(sumStatistics([])).toEqual([]);
  });
});
