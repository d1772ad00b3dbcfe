import { visibleData } from '@app/domain';
import { maySee, personalClassesFor, seesEveryPupil } from './feed-access';

const entry = (
  schoolIds: string[],
  more: { leadPractitionerId?: string; socialWorkerId?: string; lookedAfter?: boolean } = {},
) => ({
  scope: {
    schoolIds,
    leadPractitionerId: more.leadPractitionerId ?? null,
    socialWorkerId: more.socialWorkerId ?? null,
    lookedAfter: more.lookedAfter ?? false,
  },
});

describe('who receives which public events', () => {
  const worker = { userId: 'lw-1', role: 'link-worker' as const, schoolIds: ['school-a'] };
  const staff = { userId: 'st-1', role: 'school-staff' as const, schoolIds: ['school-a'] };
  const socialWorker = { userId: 'sw-1', role: 'social-worker' as const, schoolIds: [] };
  const vsh = { userId: 'vsh-1', role: 'virtual-school-head' as const, schoolIds: [] };
  const officer = { userId: 'o-1', role: 'attendance-officer' as const, schoolIds: [] };

  it('gives a link worker the events of pupils at their schools', () => {
    expect(maySee(worker, entry(['school-a']))).toBe(true);
    expect(maySee(worker, entry(['school-b']))).toBe(false);
  });

  it('gives a link worker the events of a pupil allocated to them at another school', () => {
    expect(maySee(worker, entry(['school-b'], { leadPractitionerId: 'lw-1' }))).toBe(true);
  });

  it('gives both schools a move between them', () => {
    expect(maySee(staff, entry(['school-b', 'school-a']))).toBe(true);
  });

  it('gives a social worker the children allocated to them only', () => {
    expect(maySee(socialWorker, entry(['school-a'], { socialWorkerId: 'sw-1' }))).toBe(true);
    expect(maySee(socialWorker, entry(['school-a'], { socialWorkerId: 'sw-2' }))).toBe(false);
  });

  it('gives a virtual school head looked-after children only', () => {
    expect(maySee(vsh, entry(['school-a'], { lookedAfter: true }))).toBe(true);
    expect(maySee(vsh, entry(['school-a']))).toBe(false);
  });

  it('gives an LA-wide role every pupil, and a scoped one not', () => {
    expect(seesEveryPupil(officer)).toBe(true);
    for (const scoped of [worker, staff, socialWorker, vsh])
      expect(seesEveryPupil(scoped)).toBe(false);
  });

  it('leaves out the personal fields a role may not see', () => {
    const event = {
      data: { pupilId: 'p-1' },
      restricted: {
        identifiers: { upn: 'A123' },
        vulnerability: { flags: { lookedAfter: true } },
        family: { parentId: 'x' },
      },
    };
    expect(visibleData(event, personalClassesFor({ role: 'admin' }))).toEqual({ pupilId: 'p-1' });
    expect(visibleData(event, personalClassesFor(staff))).toEqual({ pupilId: 'p-1', upn: 'A123' });
    expect(visibleData(event, personalClassesFor(vsh))).toEqual({
      pupilId: 'p-1',
      upn: 'A123',
      flags: { lookedAfter: true },
    });
    expect(visibleData(event, personalClassesFor(officer))).toEqual({
      pupilId: 'p-1',
      upn: 'A123',
      flags: { lookedAfter: true },
      parentId: 'x',
    });
  });
});
