import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { codeOfConductDecider, CodeOfConductVersionReused } from './code-of-conduct-decider';

const now = new Date('2025-09-01T09:00:00Z');
const kent = { ...NATIONAL_DEFAULTS, version: 'kent-2025-09-01', noticeToImproveWeeks: 4 };

describe('the local code of conduct', () => {
  it('starts as the national defaults', () => {
    expect(codeOfConductDecider.initialState().current).toEqual(NATIONAL_DEFAULTS);
  });

  it('is adopted as a new named version', () => {
    const events = codeOfConductDecider.decide(
      { type: 'AdoptCodeOfConduct', codeOfConduct: kent },
      codeOfConductDecider.initialState(),
      now,
    );
    expect(events).toEqual([
      { type: 'CodeOfConductAdopted', data: { codeOfConduct: kent, adoptedOn: '2025-09-01' } },
    ]);
    expect(
      events.reduce(codeOfConductDecider.evolve, codeOfConductDecider.initialState()).current
        .noticeToImproveWeeks,
    ).toBe(4);
  });

  it('never reuses a version name, so old decisions keep their meaning', () => {
    const state = codeOfConductDecider.evolve(codeOfConductDecider.initialState(), {
      type: 'CodeOfConductAdopted',
      data: { codeOfConduct: kent, adoptedOn: '2025-09-01' },
    });
    expect(() =>
      codeOfConductDecider.decide(
        { type: 'AdoptCodeOfConduct', codeOfConduct: { ...kent, noticeToImproveWeeks: 6 } },
        state,
        now,
      ),
    ).toThrow(CodeOfConductVersionReused);
    expect(() =>
      codeOfConductDecider.decide(
        { type: 'AdoptCodeOfConduct', codeOfConduct: NATIONAL_DEFAULTS },
        codeOfConductDecider.initialState(),
        now,
      ),
    ).toThrow(CodeOfConductVersionReused);
  });

  it('refuses rules outside the law, naming the field', () => {
    expect(() =>
      codeOfConductDecider.decide(
        { type: 'AdoptCodeOfConduct', codeOfConduct: { ...kent, noticeToImproveWeeks: 8 } },
        codeOfConductDecider.initialState(),
        now,
      ),
    ).toThrow(InvalidInput);
  });
});
