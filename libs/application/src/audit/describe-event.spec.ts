import type { FamilyEvent, PupilEvent } from '@app/domain';
import {
  holiday,
  MUM,
  penaltyNoticeIssued,
  penaltyNoticeWithdrawn,
  registerWeeks,
} from '@app/domain/testing/journey-fixtures';
import { describeFamilyEvent, describePupilEvent } from './describe-event';

describe('describing what happened', () => {
  it('counts the sessions of a register and its unauthorised absences', () => {
    const [week] = registerWeeks(3, 1);
    expect(describePupilEvent(week)).toEqual({
      summary:
        'Register from school school-a for 2025-01-06 to 2025-01-10: 10 session marks, 3 unauthorised absences.',
      happenedOn: '2025-01-10',
      reason: null,
      parentIds: [],
    });
  });

  it('names a corrected mark, its old and new code, and why', () => {
    const corrected: PupilEvent = {
      type: 'AttendanceMarkCorrected',
      data: {
        schoolId: 'school-a',
        date: '2025-01-06',
        session: 'AM',
        code: 'M',
        previousCode: 'O',
        reason: 'Medical appointment evidence received',
        receivedAt: '2025-06-02T10:00:00.000Z',
      },
    };
    expect(describePupilEvent(corrected)).toEqual({
      summary: 'Mark for 2025-01-06 AM at school school-a corrected from O to M.',
      happenedOn: '2025-01-06',
      reason: 'Medical appointment evidence received',
      parentIds: [],
    });
  });

  it('gives a penalty notice its parent, offence period and amounts', () => {
    const description = describePupilEvent(penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1));
    expect(description.summary).toBe(
      `Penalty notice pn-1 (number 1) issued to parent ${MUM} by the authorised la officer for 2025-01-06 to 2025-03-14 (10 unauthorised sessions): £80 if paid by 2025-05-22, £160 by 2025-05-29.`,
    );
    expect(description.parentIds).toEqual([MUM]);
    expect(description.happenedOn).toBe('2025-05-01');
  });

  it('says a second notice has no reduced rate', () => {
    expect(describePupilEvent(penaltyNoticeIssued('pn-2', MUM, '2025-09-01', 2)).summary).toMatch(
      /\(number 2\).*: £160 by 2025-09-29\.$/,
    );
  });

  it('gives the explanation of a withdrawal as its reason, and any refund due', () => {
    const withdrawn = describePupilEvent(penaltyNoticeWithdrawn('pn-1', '2025-06-05', 80));
    expect(withdrawn.summary).toMatch(/^Penalty notice pn-1 withdrawn: .*; £80 to refund\.$/);
    expect(withdrawn.reason).not.toBeNull();
  });

  it('gives the explanation why support was not appropriate as the reason', () => {
    expect(describePupilEvent(holiday)).toMatchObject({
      summary: 'Support recorded as not appropriate: term time holiday.',
      reason: 'Two weeks abroad in term time',
      happenedOn: '2025-03-17',
    });
  });

  it('treats an empty reason as none given', () => {
    const reviewed: PupilEvent = {
      type: 'AttendanceContractReviewed',
      data: {
        contractId: 'k-1',
        reviewedOn: '2025-04-14',
        outcome: 'on-track',
        notes: '',
        ruleSetVersion: 'v',
      },
    };
    expect(describePupilEvent(reviewed).reason).toBeNull();
  });

  it("describes the family's own events with the parents they concern", () => {
    const added: FamilyEvent = {
      type: 'ParentAdded',
      data: {
        parentId: 'p-1',
        reference: 'M',
        relationship: 'mother',
        hasParentalResponsibility: true,
        hasDayToDayCare: false,
      },
    };
    expect(describeFamilyEvent(added)).toEqual({
      summary:
        'Parent or carer added: p-1 (mother; has parental responsibility, no day-to-day care).',
      happenedOn: null,
      reason: null,
      parentIds: ['p-1'],
    });
    expect(
      describeFamilyEvent({
        type: 'ParentRemoved',
        data: { parentId: 'p-1', reason: 'Moved out' },
      }),
    ).toMatchObject({ reason: 'Moved out', parentIds: ['p-1'] });
  });

  it('says plainly when it meets an event type it does not know, rather than failing', () => {
    const unknown = { type: 'FamilyRenamed', data: {} } as unknown as FamilyEvent;
    expect(describeFamilyEvent(unknown).summary).toBe(
      'An event of a type this version does not describe (FamilyRenamed).',
    );
  });
});
