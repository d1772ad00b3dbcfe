import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '../auth/roles';
import { scopeFacet, UnsupportedFilter } from './casework-queries';

const linkWorker: Principal = { userId: 'worker-1', role: 'link-worker', schoolIds: ['school-a'] };
const officer: Principal = { userId: 'officer-1', role: 'attendance-officer', schoolIds: [] };

describe('which cases a read-model query covers', () => {
  it('given a link worker asking for nothing in particular, is their own allocated cases', () => {
    expect(scopeFacet(linkWorker, {})).toBe('worker:worker-1');
  });

  it('given a link worker asking for one of their schools, is that school', () => {
    expect(scopeFacet(linkWorker, { schoolId: 'school-a' })).toBe('school:school-a');
  });

  it('given a link worker asking for another school, is refused naming the school', () => {
    expect(() => scopeFacet(linkWorker, { schoolId: 'school-b' })).toThrow(ForbiddenException);
    expect(() => scopeFacet(linkWorker, { schoolId: 'school-b' })).toThrow(/school-b/);
  });

  it("given a link worker asking for a colleague's caseload, is refused", () => {
    expect(() => scopeFacet(linkWorker, { workerId: 'worker-2' })).toThrow(ForbiddenException);
    expect(scopeFacet(linkWorker, { workerId: 'worker-1' })).toBe('worker:worker-1');
  });

  it('given an officer asking for nothing in particular, is the whole LA', () => {
    expect(scopeFacet(officer, {})).toBe('all');
  });

  it("given an officer asking for any school or any worker's caseload, is that", () => {
    expect(scopeFacet(officer, { schoolId: 'school-z' })).toBe('school:school-z');
    expect(scopeFacet(officer, { workerId: 'worker-9' })).toBe('worker:worker-9');
  });

  it('given both a school and a worker, says to choose one', () => {
    expect(() => scopeFacet(officer, { schoolId: 's', workerId: 'w' })).toThrow(UnsupportedFilter);
  });
});
