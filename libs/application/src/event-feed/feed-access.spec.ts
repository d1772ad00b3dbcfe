import { visibleData } from '@app/domain';
import { maySee, personalClassesFor, seesEveryPupil } from './feed-access';

const entry = (schoolIds: string[], leadPractitionerId: string | null = null) => ({
  scope: { schoolIds, leadPractitionerId, lookedAfter: false },
});

describe('who receives which public events', () => {
  const worker = { userId: 'lw-1', role: 'link-worker' as const, schoolIds: ['school-a'] };
  const officer = { userId: 'o-1', role: 'attendance-officer' as const, schoolIds: [] };

  it('gives a link worker the events of pupils at their schools', () => {
    expect(maySee(worker, entry(['school-a']))).toBe(true);
    expect(maySee(worker, entry(['school-b']))).toBe(false);
  });

  it('gives a link worker the events of a pupil allocated to them at another school', () => {
    expect(maySee(worker, entry(['school-b'], 'lw-1'))).toBe(true);
  });

  it('gives both schools a move between them', () => {
    expect(maySee(worker, entry(['school-b', 'school-a']))).toBe(true);
  });

  it('gives an LA-wide role every pupil, and a school-scoped one not', () => {
    expect(seesEveryPupil(officer)).toBe(true);
    expect(seesEveryPupil(worker)).toBe(false);
  });

  it('leaves out the personal fields a role may not see', () => {
    const admin = { role: 'admin' as const };
    expect(personalClassesFor(admin)).toEqual([]);
    const event = {
      data: { pupilId: 'p-1' },
      restricted: { identifiers: { upn: 'A123' }, family: { parentId: 'x' } },
    };
    expect(visibleData(event, personalClassesFor(admin))).toEqual({ pupilId: 'p-1' });
    expect(visibleData(event, personalClassesFor(officer))).toEqual({
      pupilId: 'p-1',
      upn: 'A123',
      parentId: 'x',
    });
  });
});
