import { InvalidInput } from '../errors';
import {
  DEFAULT_RETENTION_POLICY,
  retentionEndsOn,
  retentionPolicyDecider,
  validateRetentionPolicy,
} from './retention-policy';

const closed = {
  closedOn: '2025-07-18',
  lastRegisterOn: '2025-07-18',
  lastNoticeSettledOn: null,
  lastProsecutionOn: null,
};

describe('retention: when a closed case’s records may be erased', () => {
  it('keeps an open case, however old', () => {
    expect(retentionEndsOn({ ...closed, closedOn: null }, DEFAULT_RETENTION_POLICY)).toBeNull();
  });

  it('ends 6 years after closure by default', () => {
    expect(retentionEndsOn(closed, DEFAULT_RETENTION_POLICY)).toBe('2031-07-18');
  });

  it('waits for the longest-lived kind of record the case holds', () => {
    const facts = { ...closed, lastProsecutionOn: '2026-02-10' };
    expect(retentionEndsOn(facts, DEFAULT_RETENTION_POLICY)).toBe('2032-02-10');
    expect(
      retentionEndsOn(facts, {
        ...DEFAULT_RETENTION_POLICY,
        prosecutionsYears: 2,
        closedCasesYears: 3,
      }),
    ).toBe('2031-07-18');
  });

  it('follows the LA’s own periods', () => {
    const policy = {
      ...DEFAULT_RETENTION_POLICY,
      closedCasesYears: 2,
      attendanceRegistersYears: 3,
    };
    expect(retentionEndsOn(closed, policy)).toBe('2028-07-18');
  });
});

describe('the LA’s retention policy', () => {
  it('is the documented defaults until an administrator adopts one', () => {
    expect(retentionPolicyDecider.initialState().current).toEqual(DEFAULT_RETENTION_POLICY);
  });

  it('adopts the periods given and the defaults for the rest', () => {
    const [event] = retentionPolicyDecider.decide(
      { type: 'AdoptRetentionPolicy', policy: { closedCasesYears: 7 } },
      retentionPolicyDecider.initialState(),
      new Date('2026-01-05T10:00:00Z'),
    );
    expect(event.data).toEqual({
      policy: { ...DEFAULT_RETENTION_POLICY, closedCasesYears: 7 },
      adoptedOn: '2026-01-05',
    });
  });

  it('refuses a period that is not a whole number of years from 1 to 100', () => {
    for (const bad of [0, 101, 2.5])
      expect(() => validateRetentionPolicy({ noticesYears: bad })).toThrow(InvalidInput);
    expect(() => validateRetentionPolicy({ noticesYears: 0 })).toThrow(/noticesYears/);
  });
});
