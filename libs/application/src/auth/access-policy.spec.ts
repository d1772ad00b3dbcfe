import { canAccessCase, CAPABILITIES, hasCapability } from './access-policy';
import { ROLES } from './roles';

const linkWorker = { userId: 'lw-1', role: 'link-worker' as const, schoolIds: ['school-a'] };

describe('who may do what', () => {
  it('lets an auditor read everything and write nothing', () => {
    const auditor = { role: 'auditor' as const };
    expect(hasCapability(auditor, 'case.read')).toBe(true);
    expect(hasCapability(auditor, 'audit.access-log')).toBe(true);
    for (const write of [
      'case.record',
      'case.step-down',
      'panel.decide',
      'case.formalise',
      'case.enforce',
      'admin.configure',
    ] as const) {
      expect(hasCapability(auditor, write)).toBe(false);
    }
  });

  it('keeps enforcement with attendance officers', () => {
    expect(ROLES.filter((role) => hasCapability({ role }, 'case.enforce'))).toEqual([
      'attendance-officer',
    ]);
  });

  it('keeps the access log from link workers', () => {
    expect(hasCapability({ role: 'link-worker' }, 'audit.access-log')).toBe(false);
  });

  it('gives administrators configuration but no case data', () => {
    const granted = (Object.keys(CAPABILITIES) as (keyof typeof CAPABILITIES)[]).filter((c) =>
      hasCapability({ role: 'admin' }, c),
    );
    // Signing a tree head over the transparency log shows no case data: only its size and root.
    expect(granted).toEqual(['audit.tree-heads', 'admin.configure']);
  });

  it('lets only a panel chair record panel decisions', () => {
    expect(ROLES.filter((role) => hasCapability({ role }, 'panel.decide'))).toEqual([
      'panel-chair',
    ]);
  });
});

describe('case access', () => {
  it('lets a link worker work on pupils at their schools', () => {
    expect(canAccessCase(linkWorker, { schoolId: 'school-a', leadPractitionerId: undefined })).toBe(
      true,
    );
  });

  it('lets a link worker work on a pupil allocated to them at another school', () => {
    expect(canAccessCase(linkWorker, { schoolId: 'school-b', leadPractitionerId: 'lw-1' })).toBe(
      true,
    );
  });

  it('keeps a link worker out of other schools’ pupils', () => {
    expect(canAccessCase(linkWorker, { schoolId: 'school-b', leadPractitionerId: 'lw-2' })).toBe(
      false,
    );
  });

  it('keeps a link worker out of a pupil with no school on record', () => {
    expect(canAccessCase(linkWorker, { schoolId: undefined, leadPractitionerId: undefined })).toBe(
      false,
    );
  });

  it('lets LA-wide roles work on any case', () => {
    for (const role of ['panel-chair', 'attendance-officer', 'auditor'] as const) {
      expect(
        canAccessCase(
          { userId: 'x', role, schoolIds: [] },
          { schoolId: 'school-b', leadPractitionerId: undefined },
        ),
      ).toBe(true);
    }
  });
});
