import { CaseNotFound } from '../pupils/case-access';
import { assembleEvidencePack, EvidencePackInput } from './evidence-pack';
import {
  DAD,
  FAMILY,
  HALF_TERM,
  MUM,
  NOTICE,
  OFFENCE,
  penaltyNoticeCase,
  PUPIL,
  SIBLING,
} from './testing/evidence-case';

const GENERATED = '2025-07-02T09:00:00.000Z';

function inputFor(
  c: ReturnType<typeof penaltyNoticeCase>,
  subject: EvidencePackInput['subject'] = { kind: 'penalty-notice', noticeId: NOTICE },
): EvidencePackInput {
  return {
    pupilId: PUPIL,
    pupilEvents: c.stream(`pupil-${PUPIL}`),
    familyEvents: c.stream(`family-${FAMILY}`),
    subject,
    generatedAt: GENERATED,
  };
}

describe('the evidence pack for a penalty notice', () => {
  const pack = assembleEvidencePack(inputFor(penaltyNoticeCase()));

  it('names the notice, its parent, offence period, amounts and the rule set it was issued under', () => {
    expect(pack.subject).toMatchObject({
      kind: 'penalty-notice',
      id: NOTICE,
      parentIds: [MUM],
      offencePeriod: OFFENCE,
      decidedOn: '2025-06-05',
      decidedBy: { actor: 'officer-1', role: 'attendance-officer' },
      ruleSetVersion: 'national-2024-08-19',
      status: 'paid',
      facts: expect.objectContaining({ amount: 160, reducedAmount: 80, sequence: 1 }),
    });
    expect(pack.parents.map((p) => [p.parentId, p.named])).toEqual([
      [MUM, true],
      [DAD, false],
    ]);
  });

  it('shows one week per calendar week of the offence period, the half-term week without a rate', () => {
    expect(pack.attendance.weeks).toHaveLength(15);
    expect(pack.attendance.weeks[0].weekStart).toBe('2025-01-06');
    expect(pack.attendance.weeks[14].weekStart).toBe('2025-04-14');
    const halfTerm = pack.attendance.weeks.find((w) => w.weekStart === HALF_TERM);
    expect(halfTerm).toMatchObject({ possible: 0, rate: null });
    expect(pack.attendance.weeks[2]).toMatchObject({ possible: 10, attended: 9, rate: 0.9 });
    expect(pack.attendance.weeks[0].rate).toBe(1);
  });

  it('marks the 10 school weeks the threshold sessions fell in, which span the half term', () => {
    expect(pack.attendance.thresholdAtDecision).toMatchObject({
      count: 10,
      met: true,
      firstSchoolWeek: '2025-01-20',
      lastSchoolWeek: '2025-03-31',
    });
    expect(pack.attendance.thresholdAtDecision.sessions).toHaveLength(10);
    expect(pack.attendance.weeks.map((w) => w.inThresholdWindow)).toEqual([
      ...[false, false],
      ...Array(11).fill(true),
      ...[false, false],
    ]);
  });

  it('gives the figures for the offence period', () => {
    expect(pack.attendance.statistics).toMatchObject({
      possible: 140,
      attended: 130,
      unauthorisedAbsence: 10,
      authorisedAbsence: 0,
    });
  });

  it('gathers support and engagement, the conversation, the contract and its review, the notice to improve relied on and the payment', () => {
    expect(pack.support.offered).toEqual([
      expect.objectContaining({
        kind: 'early-help-assessment',
        outcome: 'did-not-help',
        familyEngaged: false,
      }),
    ]);
    expect(pack.conversations).toEqual([expect.objectContaining({ barriers: ['anxiety'] })]);
    expect(pack.contracts).toEqual([
      expect.objectContaining({
        contractId: 'contract-1',
        reviews: [expect.objectContaining({ outcome: 'not-kept' })],
      }),
    ]);
    expect(pack.noticesToImprove).toEqual([
      expect.objectContaining({ noticeId: 'nti-1', outcome: 'not-improved', reliedOn: true }),
    ]);
    expect(pack.penaltyNotices).toEqual([
      expect.objectContaining({
        noticeId: NOTICE,
        noticeToImproveId: 'nti-1',
        status: 'paid',
        payments: [{ paidOn: '2025-06-20', amount: 80 }],
      }),
    ]);
  });

  it('lists every decision with the rule set it was made under', () => {
    expect(pack.decisions.map((d) => [d.type, d.ruleSetVersion])).toEqual([
      ['AttendanceContractAgreed', 'national-2024-08-19'],
      ['AttendanceContractReviewed', 'national-2024-08-19'],
      ['NoticeToImproveIssued', 'national-2024-08-19'],
      ['NoticeToImproveOutcomeRecorded', 'national-2024-08-19'],
      ['PenaltyNoticeIssued', 'national-2024-08-19'],
      ['PenaltyNoticePaid', 'national-2024-08-19'],
    ]);
  });

  it('tells the chronology in the order the store recorded it, with the family’s events but not a sibling’s link', () => {
    const c = penaltyNoticeCase();
    const positions = pack.chronology.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    const pupilEvents = c.stream(`pupil-${PUPIL}`).length;
    expect(pack.chronology.filter((e) => e.stream === 'pupil')).toHaveLength(pupilEvents);
    expect(pack.chronology.filter((e) => e.stream === 'family').map((e) => e.type)).toEqual([
      'FamilyRegistered',
      'ParentAdded',
      'ParentAdded',
      'PupilLinked',
    ]);
    expect(JSON.stringify(pack.chronology)).not.toContain(SIBLING);
    expect(pack.chronology.find((e) => e.type === 'PenaltyNoticeIssued')).toMatchObject({
      onDate: '2025-06-05',
      actor: 'officer-1',
      role: 'attendance-officer',
      description: expect.stringContaining('M (mother)'),
    });
  });

  it('refuses a notice that is not on this pupil’s journey', () => {
    expect(() =>
      assembleEvidencePack(
        inputFor(penaltyNoticeCase(), { kind: 'penalty-notice', noticeId: 'pn-other' }),
      ),
    ).toThrow(CaseNotFound);
  });
});

describe('the evidence pack after a mark was corrected', () => {
  const c = penaltyNoticeCase({ correctionAfterwards: true });

  it('keeps the threshold the notice was decided on and shows that today’s register no longer meets it', () => {
    const pack = assembleEvidencePack(inputFor(c));
    expect(pack.attendance.thresholdAtDecision).toMatchObject({ count: 10, met: true });
    expect(pack.attendance.thresholdNow).toMatchObject({ count: 9, met: false });
    expect(pack.attendance.corrections).toEqual([
      expect.objectContaining({
        date: '2025-02-03',
        previousCode: 'O',
        code: 'I',
        afterDecision: true,
      }),
    ]);
    expect(pack.attendance.statistics).toMatchObject({
      unauthorisedAbsence: 9,
      authorisedAbsence: 1,
    });
  });
});

describe('the evidence pack for a prosecution', () => {
  it('reads the threshold on the register as known when the information was laid', () => {
    const c = penaltyNoticeCase({ correctionAfterwards: false });
    c.pupilEvents(
      PUPIL,
      [
        {
          type: 'ProsecutionStarted',
          data: {
            prosecutionId: 'pros-1',
            section: 's444(1)',
            parentIds: [DAD],
            offencePeriod: OFFENCE,
            laidOn: '2025-06-25',
            esoConsideration: 'Considered; social care advised against',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
        {
          type: 'AttendanceMarkCorrected',
          data: {
            schoolId: 'school-a',
            date: '2025-02-03',
            session: 'AM',
            code: 'I',
            previousCode: 'O',
            reason: 'Late note',
            receivedAt: '2025-07-01T09:00:00.000Z',
          },
        },
      ],
      '2025-06-25T10:00:00.000Z',
    );
    const pack = assembleEvidencePack(
      inputFor(c, { kind: 'prosecution', prosecutionId: 'pros-1' }),
    );
    expect(pack.subject).toMatchObject({
      kind: 'prosecution',
      parentIds: [DAD],
      status: 'pending',
    });
    expect(pack.attendance.thresholdAtDecision).toMatchObject({
      count: 10,
      met: true,
      firstSchoolWeek: '2025-01-20',
      lastSchoolWeek: '2025-03-31',
    });
    expect(pack.attendance.thresholdNow.count).toBe(9);
    expect(pack.noticesToImprove[0].reliedOn).toBe(false);
  });
});
