import { RowsByPupil } from './rows-by-pupil';

const row = (line: number, upn: string, date: string, am = '/', pm = '\\') => ({
  line,
  upn,
  date,
  am,
  pm,
});

describe('a register file’s rows grouped by pupil on disk', () => {
  let rows: RowsByPupil;
  beforeEach(() => (rows = new RowsByPupil()));
  afterEach(() => rows.close());

  it('gives each pupil’s rows together, in file order, pupils in the order they first appear', () => {
    rows.add(row(2, 'B', '2025-03-03'), 'S1', {});
    rows.add(row(3, 'A', '2025-03-03'), 'S1', { yearGroup: '7' });
    rows.add(row(4, 'B', '2025-03-04', 'O'), 'S1', {});
    rows.add(row(5, 'A', '2025-03-04'), 'S1', { yearGroup: '8' });
    rows.add(row(6, 'A', '2025-03-03'), 'S2', {});
    const pupils = [...rows.chunks(10)].flat();
    expect(pupils).toEqual([
      {
        upn: 'B',
        school: 'S1',
        details: {},
        rows: [row(2, 'B', '2025-03-03'), row(4, 'B', '2025-03-04', 'O')],
      },
      {
        upn: 'A',
        school: 'S1',
        // The first row's details, as a pupil is registered from them.
        details: { yearGroup: '7' },
        rows: [row(3, 'A', '2025-03-03'), row(5, 'A', '2025-03-04')],
      },
      { upn: 'A', school: 'S2', details: {}, rows: [row(6, 'A', '2025-03-03')] },
    ]);
    expect(rows.count).toBe(3);
  });

  it('hands pupils over a chunk at a time, never more than the chunk holds', () => {
    for (let i = 0; i < 25_000; i++) rows.add(row(i + 2, `U${i % 1201}`, '2025-03-03'), 'S', {});
    const sizes = [...rows.chunks(500)].map((chunk) => chunk.length);
    expect(sizes).toEqual([500, 500, 201]);
  });
});
