/**
 * The decision both the command and the eligibility view ask (WTISA 2024 ch. 6, the national
 * framework for penalty notices): as a value, the terms or the first refusal.
 */
import { fold } from '../testing/given-when-then';
import {
  family,
  linked,
  MUM,
  ntiIssued,
  ntiNotImproved,
  OFFENCE,
  readyForPenaltyNotice,
  registered,
  registerWeeks,
} from '../testing/journey-fixtures';
import {
  decidePenaltyNotice,
  penaltyNoticeCaseOf,
  PenaltyNoticeCase,
  PenaltyNoticeProposal,
} from './penalty-notice-decision';

const met = { met: true, count: 10 };
const proposal = (over: Partial<PenaltyNoticeProposal> = {}): PenaltyNoticeProposal => ({
  parentId: MUM,
  issuedOn: '2025-06-02',
  offencePeriod: OFFENCE,
  threshold: met,
  family,
  ...over,
});
const caseOf = (events: Parameters<typeof fold>[0]) => penaltyNoticeCaseOf(fold(events));

describe('may a penalty notice be issued (WTISA 2024 ch. 6)', () => {
  it('given support tried and a notice to improve run its course, gives the terms of a first notice: £160, £80 within 21 days', () => {
    expect(decidePenaltyNotice(caseOf(readyForPenaltyNotice), proposal())).toEqual({
      allowed: true,
      sequence: 1,
      amount: 160,
      reducedAmount: 80,
      noticeToImproveId: `nti-${MUM}`,
      supportNotAppropriate: null,
    });
  });

  it('given no support and no notice to improve, the first refusal is support first, not the notice to improve', () => {
    const decision = decidePenaltyNotice(
      caseOf([registered, linked, ...registerWeeks(1)]),
      proposal(),
    );
    expect(decision).toMatchObject({ allowed: false, refusal: { code: 'support-first' } });
  });

  it('given the threshold not met in the offence period, refuses naming the count and the 10 needed', () => {
    const decision = decidePenaltyNotice(
      caseOf(readyForPenaltyNotice),
      proposal({ threshold: { met: false, count: 7 } }),
    );
    expect(decision).toMatchObject({
      allowed: false,
      refusal: { code: 'threshold-not-met', details: { count: 7, needed: 10 } },
    });
  });

  describe('the day it is asked for', () => {
    // The notice to improve issued 17 March 2025 runs 6 weeks, to 28 April 2025.
    const history = [
      registered,
      linked,
      ...registerWeeks(1),
      ...readyForPenaltyNotice.slice(-4, -2),
      ntiIssued(),
      ntiNotImproved(),
    ];

    it('given the improvement period ends on that day, it has run its course', () => {
      expect(
        decidePenaltyNotice(caseOf(history), proposal({ issuedOn: '2025-04-28' })),
      ).toMatchObject({ allowed: true });
    });

    it('given the improvement period ends the day after, a notice to improve still comes first', () => {
      expect(
        decidePenaltyNotice(caseOf(history), proposal({ issuedOn: '2025-04-27' })),
      ).toMatchObject({ allowed: false, refusal: { code: 'notice-to-improve-first' } });
    });
  });

  it('given something that is not a journey at all, throws rather than answering with a refusal', () => {
    const broken = {
      ...caseOf(readyForPenaltyNotice),
      support: undefined,
    } as unknown as PenaltyNoticeCase;
    expect(() => decidePenaltyNotice(broken, proposal())).toThrow(TypeError);
  });
});
