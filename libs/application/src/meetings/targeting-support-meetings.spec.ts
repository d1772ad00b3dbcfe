import type { CaseloadRow } from '@app/read-models';
import { pupilsAtRisk } from './targeting-support-meetings';

const row = (reference: string, over: Partial<CaseloadRow> & { rate?: number | null } = {}) =>
  ({
    pupilId: `id-${reference}`,
    reference,
    status: 'open',
    persistentAbsence: false,
    severeAbsence: false,
    thresholdMet: false,
    trend: 'steady',
    recentConcerns: [],
    openItems: { concerns: 0 },
    attendance: { year: { rate: over.rate === undefined ? 0.97 : over.rate } },
    ...over,
  }) as unknown as CaseloadRow;

describe('pupils at risk for a targeting support meeting', () => {
  it('given pupils attending well with nothing raised, lists nobody', () => {
    expect(pupilsAtRisk([row('A'), row('B')])).toEqual([]);
  });

  it('given severe absence, says so with the rate (and not also persistent)', () => {
    expect(
      pupilsAtRisk([row('A', { rate: 0.45, severeAbsence: true, persistentAbsence: true })]),
    ).toEqual([
      {
        pupilId: 'id-A',
        reference: 'A',
        reasons: ['severe absence (45.0%)'],
        attendanceRate: 0.45,
      },
    ]);
  });

  it('given each kind of risk, lists each reason', () => {
    const [p] = pupilsAtRisk([
      row('A', {
        rate: 0.88,
        persistentAbsence: true,
        thresholdMet: true,
        trend: 'declining',
        recentConcerns: [{ concernId: 'c', raisedOn: '2025-01-01', summary: null, rule: null }],
        openItems: { concerns: 2 } as CaseloadRow['openItems'],
      }),
    ]);
    expect(p.reasons).toEqual([
      'persistent absence (88.0%)',
      'national threshold met',
      'attendance declining',
      '2 concern(s) raised',
    ]);
  });

  it('lists the lowest attendance first, pupils without sessions last, then by reference', () => {
    const risky = { trend: 'declining' as const };
    const listed = pupilsAtRisk([
      row('C', { ...risky, rate: 0.92 }),
      row('B', { ...risky, rate: null }),
      row('A', { ...risky, rate: 0.92 }),
      row('D', { ...risky, rate: 0.8 }),
    ]);
    expect(listed.map((p) => p.reference)).toEqual(['D', 'A', 'C', 'B']);
    expect(listed[3].reasons).toEqual(['attendance declining']);
  });

  it('leaves closed cases off the list', () => {
    expect(pupilsAtRisk([row('A', { status: 'closed', severeAbsence: true })])).toEqual([]);
  });
});
