import {
  DEFAULT_SCHOOL_WEEK_BASIS,
  NATIONAL_DEFAULTS,
  validateCodeOfConduct,
} from './code-of-conduct';
import { InvalidInput } from './errors';

describe('a local code of conduct', () => {
  it('accepts the national defaults', () => {
    expect(validateCodeOfConduct(NATIONAL_DEFAULTS)).toBe(NATIONAL_DEFAULTS);
  });

  it('accepts an LA that fixes a 3-week improvement period', () => {
    expect(
      validateCodeOfConduct({
        ...NATIONAL_DEFAULTS,
        version: 'kent-2025-09-01',
        noticeToImproveWeeks: 3,
      }).noticeToImproveWeeks,
    ).toBe(3);
  });

  it.each(['pupil-possible-session', 'school-session-held'] as const)(
    'accepts %s as the reading of a school week',
    (schoolWeekBasis) => {
      expect(validateCodeOfConduct({ ...NATIONAL_DEFAULTS, schoolWeekBasis }).schoolWeekBasis).toBe(
        schoolWeekBasis,
      );
    },
  );

  it('reads a school week, by default, as a week with a possible session for the pupil', () => {
    expect(NATIONAL_DEFAULTS.schoolWeekBasis).toBeUndefined();
    expect(DEFAULT_SCHOOL_WEEK_BASIS).toBe('pupil-possible-session');
  });

  it.each([
    ['version', { version: 'Bad Version' }],
    ['noticeToImproveWeeks', { noticeToImproveWeeks: 8 }],
    ['presumedServiceWorkingDays', { presumedServiceWorkingDays: -1 }],
    ['nCodeReplacementSchoolDays', { nCodeReplacementSchoolDays: 0 }],
    ['contractReviewWeeks', { contractReviewWeeks: 1.5 }],
    ['lowAttendanceRate', { lowAttendanceRate: 90 }],
    ['bankHolidays', { bankHolidays: ['2025-02-30'] }],
    ['bankHolidays', { bankHolidays: 'none' as unknown as string[] }],
    ['version', { version: 42 as unknown as string }],
    ['noticeToImproveWeeks', { noticeToImproveWeeks: 2 }],
    ['lowAttendanceRate', { lowAttendanceRate: 1 }],
    ['schoolWeekBasis', { schoolWeekBasis: 'any-week' as never }],
  ])('refuses a bad %s, naming it', (field, change) => {
    expect(() => validateCodeOfConduct({ ...NATIONAL_DEFAULTS, ...change })).toThrow(InvalidInput);
    expect(() => validateCodeOfConduct({ ...NATIONAL_DEFAULTS, ...change })).toThrow(
      new RegExp(`^Code of conduct: ${field} `),
    );
  });
});

describe('domain errors', () => {
  it('carry no facts unless given some', () => {
    expect(new InvalidInput('bad').details).toEqual({});
    expect(new InvalidInput('bad').name).toBe('InvalidInput');
  });
});
