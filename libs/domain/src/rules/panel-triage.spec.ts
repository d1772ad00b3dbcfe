import { triage, TriageInput } from './panel-triage';

const noFlags = {
  childProtectionPlan: false,
  lookedAfter: false,
  childInNeed: false,
  ehcp: false,
  senSupport: false,
  fsm: false,
  youngCarer: false,
};
const referral = (overrides: Partial<TriageInput> = {}): TriageInput => ({
  severeAbsence: false,
  persistentAbsence: false,
  flags: noFlags,
  journeyStartedOn: '2025-01-06',
  referredOn: '2025-01-06',
  supportTried: 1,
  supportThatDidNotWork: 0,
  ...overrides,
});

describe('panel triage', () => {
  it('given nothing of concern, a referral has priority 0 and no reasons', () => {
    expect(triage(referral())).toEqual({ priority: 0, reasons: [] });
  });

  it('given severe absence, counts it once (not also as persistent)', () => {
    expect(triage(referral({ severeAbsence: true, persistentAbsence: true }))).toEqual({
      priority: 40,
      reasons: ['severe absence (+40)'],
    });
  });

  it('given persistent absence only, adds 20', () => {
    expect(triage(referral({ persistentAbsence: true })).priority).toBe(20);
  });

  it('given every safeguarding and vulnerability flag, adds each with its reason', () => {
    const all = Object.fromEntries(Object.keys(noFlags).map((k) => [k, true])) as typeof noFlags;
    expect(triage(referral({ flags: all }))).toEqual({
      priority: 85,
      reasons: [
        'child protection plan (+25)',
        'looked after (+20)',
        'child in need (+15)',
        'EHC plan (+10)',
        'SEN support (+5)',
        'free school meals (+5)',
        'young carer (+5)',
      ],
    });
  });

  it('given 9 weeks on the journey, adds 2 per full 4 weeks', () => {
    expect(triage(referral({ referredOn: '2025-03-10' }))).toEqual({
      priority: 4,
      reasons: ['9 weeks on the journey (+4)'],
    });
  });

  it('given two years on the journey, caps the time at 20', () => {
    expect(triage(referral({ referredOn: '2027-01-06' })).priority).toBe(20);
  });

  it('given a referral dated before the journey started, adds nothing for time', () => {
    expect(triage(referral({ referredOn: '2024-12-01' })).priority).toBe(0);
  });

  it('given no support tried, adds 10 so the panel can see support is missing', () => {
    expect(triage(referral({ supportTried: 0 }))).toEqual({
      priority: 10,
      reasons: ['no support tried yet (+10)'],
    });
  });

  it('given support that did not work, adds 5 each up to 15', () => {
    expect(triage(referral({ supportTried: 2, supportThatDidNotWork: 2 })).priority).toBe(10);
    expect(triage(referral({ supportTried: 5, supportThatDidNotWork: 5 })).priority).toBe(15);
  });

  it('given a severely absent child on a protection plan, ranks above a persistently absent one with FSM', () => {
    const urgent = triage(
      referral({ severeAbsence: true, flags: { ...noFlags, childProtectionPlan: true } }),
    );
    const lessUrgent = triage(
      referral({ persistentAbsence: true, flags: { ...noFlags, fsm: true } }),
    );
    expect(urgent.priority).toBeGreaterThan(lessUrgent.priority);
  });
});
