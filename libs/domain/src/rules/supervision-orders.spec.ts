import { compulsorySchoolAge } from './compulsory-school-age';
import { FormalRouteRefused } from './formal-route-refused';
import {
  esoEndsAt,
  esoExpiry,
  extendedEsoExpiry,
  extensionWindowOpens,
  validateExtension,
  validateExtensionGrant,
} from './supervision-orders';

// An order granted on 11 February 2025 has effect for the year beginning that day, so its last
// day in force is 10 February 2026; its last 3 months open on 10 November 2025.
const expiresOn = '2026-02-10';
// A child whose compulsory school age runs well past the order (born 1 September 2012).
const compulsorySchoolAgeEnds = '2029-06-29';
const apply =
  (appliedOn: string, extensionYears = 1) =>
  () =>
    validateExtension({ appliedOn, expiresOn, extensionYears, compulsorySchoolAgeEnds });

describe('an education supervision order', () => {
  it('lasts the year beginning with the day it is granted, ending the day before the anniversary', () => {
    expect(esoExpiry('2025-02-11')).toBe(expiresOn);
  });

  it('granted on 3 March 2025 is last in force on 2 March 2026', () => {
    expect(esoExpiry('2025-03-03')).toBe('2026-03-02');
  });

  it('granted on 1 March 2027 runs to the leap day 29 February 2028', () => {
    expect(esoExpiry('2027-03-01')).toBe('2028-02-29');
  });

  it('granted on 29 February 2028 is last in force on 28 February 2029', () => {
    expect(esoExpiry('2028-02-29')).toBe('2029-02-28');
  });

  it('opens its extension window 3 months before it expires', () => {
    expect(extensionWindowOpens(expiresOn)).toBe('2025-11-10');
  });

  it('ending on 31 May opens its window on the last day of February', () => {
    expect(extensionWindowOpens('2026-05-31')).toBe('2026-02-28');
  });
});

describe('applying to extend an education supervision order', () => {
  // Children Act 1989 Sch 3 para 15(6)(a): the order ceases to have effect when the child is no
  // longer of compulsory school age, so an order granted to run to that day cannot be extended.
  it('is refused for an order already running to the end of compulsory school age, saying so', () => {
    const capped = () =>
      validateExtension({
        appliedOn: '2026-04-01',
        expiresOn: '2026-06-26',
        extensionYears: 1,
        compulsorySchoolAgeEnds: '2026-06-26',
      });
    expect(capped).toThrow(FormalRouteRefused);
    expect(capped).toThrow(
      /already runs to 2026-06-26, the last day of the child's compulsory school age.*para 15\(6\)\(a\)/,
    );
  });

  it('is refused as capped even before the last 3 months, as no later application could succeed', () => {
    let refusal: unknown;
    try {
      validateExtension({
        appliedOn: '2025-09-01',
        expiresOn: '2026-06-26',
        extensionYears: 1,
        compulsorySchoolAgeEnds: '2026-06-26',
      });
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toMatchObject({ code: 'eso-ends-with-compulsory-school-age' });
  });

  it('is refused a day before the last 3 months begin, saying when they do', () => {
    expect(apply('2025-11-09')).toThrow(
      "An extension can only be applied for in the order's last 3 months, from 2025-11-10.",
    );
  });

  it('is accepted on the first day of the last 3 months', () => {
    expect(apply('2025-11-10')).not.toThrow();
  });

  it('is accepted on the day the order expires', () => {
    expect(apply('2026-02-10')).not.toThrow();
  });

  it('is refused the day after the order expired', () => {
    expect(apply('2026-02-11')).toThrow(/expired on 2026-02-10/);
  });

  it('is accepted for up to 3 years', () => {
    expect(apply('2025-12-01', 3)).not.toThrow();
  });

  it.each([4, 0, 1.5])('is refused for %p years', (years) => {
    expect(apply('2025-12-01', years)).toThrow(/1 to 3 whole years/);
  });

  it('gives each refusal its own reason', () => {
    const codeOf = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e instanceof FormalRouteRefused ? e.code : 'not refused';
      }
      return 'accepted';
    };
    expect([
      codeOf(apply('2025-11-09')),
      codeOf(apply('2026-02-11')),
      codeOf(apply('2025-12-01', 4)),
    ]).toEqual(['eso-extension-too-early', 'eso-expired', 'eso-extension-too-long']);
  });
});

describe('the end of an education supervision order', () => {
  it('comes when the child leaves compulsory school age, if that is before expiry', () => {
    // Born 31 August 2009: compulsory school age ends on Friday 27 June 2025.
    const leaves = compulsorySchoolAge('2009-08-31').ends;
    expect(esoEndsAt(esoExpiry('2024-09-02'), leaves)).toBe('2025-06-27');
  });

  it('comes at expiry when the child is still of compulsory school age then', () => {
    const leaves = compulsorySchoolAge('2009-09-01').ends; // 26 June 2026
    expect(esoEndsAt(esoExpiry('2025-02-11'), leaves)).toBe('2026-02-10');
  });

  it('comes at the end of compulsory school age when a 3-year extension would run past it', () => {
    const leaves = compulsorySchoolAge('2011-01-15').ends; // Friday 25 June 2027
    expect(esoEndsAt('2029-02-10', leaves)).toBe('2027-06-25');
  });
});

describe('a refused formal route', () => {
  it('carries its code and no facts unless given some', () => {
    expect(new FormalRouteRefused('some-code', 'Not now.')).toMatchObject({
      code: 'some-code',
      kind: 'rule',
      details: {},
      message: 'Not now.',
    });
  });
});

describe('extending an education supervision order', () => {
  it('runs on from the day after the old expiry: a year more ends a year later', () => {
    expect(extendedEsoExpiry('2026-03-02', 1)).toBe('2027-03-02');
  });

  it('for three years from an order ending on 28 February 2027 ends on 28 February 2030', () => {
    expect(extendedEsoExpiry('2027-02-28', 3)).toBe('2030-02-28');
  });

  it('across a leap year keeps the last day of February', () => {
    expect(extendedEsoExpiry('2027-02-28', 1)).toBe('2028-02-29');
  });

  it("can be granted on the order's last day in force", () => {
    expect(() => validateExtensionGrant({ grantedOn: expiresOn, expiresOn })).not.toThrow();
  });

  it('is refused once the order has expired, naming the expiry', () => {
    const late = () => validateExtensionGrant({ grantedOn: '2026-02-11', expiresOn });
    expect(late).toThrow(FormalRouteRefused);
    expect(late).toThrow('The order expired on 2026-02-10');
  });
});
