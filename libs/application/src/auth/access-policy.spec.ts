import { canAccessCase, CAPABILITIES, hasCapability, worksWithSchool } from './access-policy';
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

  it('gives administrators configuration, erasure and subject-access exports, but no casework reads', () => {
    const granted = (Object.keys(CAPABILITIES) as (keyof typeof CAPABILITIES)[]).filter((c) =>
      hasCapability({ role: 'admin' }, c),
    );
    // Signing a tree head over the transparency log shows no case data: only its size and root.
    // Erasing a person destroys their key and shows nothing of them. A subject-access export
    // (UK GDPR art 15) is made for the person themselves, with a purpose, each one in the access log.
    expect(granted).toEqual([
      'audit.tree-heads',
      'people.erase',
      'people.subject-access',
      'admin.configure',
    ]);
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

describe('the people around the child', () => {
  const pupil = {
    schoolId: 'school-a',
    leadPractitionerId: 'lw-1',
    socialWorkerId: 'sw-1',
    lookedAfter: false,
  };
  const staff = { userId: 'st-1', role: 'school-staff' as const, schoolIds: ['school-a'] };
  const socialWorker = { userId: 'sw-1', role: 'social-worker' as const, schoolIds: [] };
  const vsh = { userId: 'vsh-1', role: 'virtual-school-head' as const, schoolIds: [] };

  it("lets school staff work on their school's pupils only", () => {
    expect(canAccessCase(staff, pupil)).toBe(true);
    expect(canAccessCase(staff, { ...pupil, schoolId: 'school-b' })).toBe(false);
  });

  it('does not widen school staff to cases allocated to them as a lead practitioner', () => {
    expect(
      canAccessCase(
        { ...staff, userId: 'lw-1' },
        { ...pupil, schoolId: 'school-b', leadPractitionerId: 'lw-1' },
      ),
    ).toBe(false);
  });

  it('lets a social worker see only the children allocated to them', () => {
    expect(canAccessCase(socialWorker, pupil)).toBe(true);
    expect(canAccessCase(socialWorker, { ...pupil, socialWorkerId: 'sw-2' })).toBe(false);
    expect(canAccessCase(socialWorker, { schoolId: 'school-a', leadPractitionerId: 'x' })).toBe(
      false,
    );
  });

  it('lets a virtual school head see looked-after children only', () => {
    expect(canAccessCase(vsh, { ...pupil, lookedAfter: true })).toBe(true);
    expect(canAccessCase(vsh, pupil)).toBe(false);
    expect(canAccessCase(vsh, { schoolId: 'school-a', leadPractitionerId: 'x' })).toBe(false);
  });

  it('gives social workers and virtual school heads reads only, and no family history', () => {
    for (const role of ['social-worker', 'virtual-school-head'] as const) {
      const granted = (Object.keys(CAPABILITIES) as (keyof typeof CAPABILITIES)[]).filter((c) =>
        hasCapability({ role }, c),
      );
      // The event feed is a read too: their children's public events, with identifiers and
      // vulnerability flags, never the family's (parents, sums).
      expect(granted).toEqual([
        'journey.read',
        'feed.read',
        'feed.identifiers',
        'feed.vulnerability',
      ]);
    }
  });

  it('gives school staff their pupils, meetings and requests, and neither case files nor history', () => {
    const granted = (Object.keys(CAPABILITIES) as (keyof typeof CAPABILITIES)[]).filter((c) =>
      hasCapability({ role: 'school-staff' }, c),
    );
    // The event feed: their pupils' public events with UPN and date of birth, no vulnerability
    // flags, nothing of the family.
    expect(granted).toEqual([
      'journey.read',
      'meetings.read',
      'meetings.record',
      'school.request',
      'feed.read',
      'feed.identifiers',
    ]);
  });

  it('keeps meetings of other schools from school staff, and all meetings from social workers', () => {
    expect(worksWithSchool(staff, 'school-a')).toBe(true);
    expect(worksWithSchool(staff, 'school-b')).toBe(false);
    expect(worksWithSchool(socialWorker, 'school-a')).toBe(false);
    expect(
      worksWithSchool({ userId: 'o', role: 'attendance-officer', schoolIds: [] }, 'school-b'),
    ).toBe(true);
  });
});
