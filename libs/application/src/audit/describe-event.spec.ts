import type { FamilyEvent, PupilEvent } from '@app/domain';
import {
  holiday,
  MUM,
  penaltyNoticeIssued,
  penaltyNoticeWithdrawn,
  registerWeeks,
} from '@app/domain/testing/journey-fixtures';
import { describeFamilyEvent, describeMeetingEvent, describePupilEvent } from './describe-event';

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
      `Penalty notice pn-1 (number 1) issued to parent ${MUM} by the authorised LA officer for 2025-01-06 to 2025-03-14 (10 unauthorised sessions): £80 if paid by 2025-05-21, £160 by 2025-05-28.`,
    );
    expect(description.parentIds).toEqual([MUM]);
    expect(description.happenedOn).toBe('2025-05-01');
  });

  it('says a second notice has no reduced rate', () => {
    expect(describePupilEvent(penaltyNoticeIssued('pn-2', MUM, '2025-09-01', 2)).summary).toMatch(
      /\(number 2\).*: £160 by 2025-09-28\.$/,
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

  it('describes an action agreed at a targeting support meeting, and its completion with the outcome', () => {
    expect(
      describeMeetingEvent({
        type: 'TargetingSupportActionAgreed',
        data: {
          actionId: 'a-1',
          pupilId: 'pupil-1',
          action: 'Home visit',
          owner: 'w-1',
          dueOn: '2025-10-20',
          agreedOn: '2025-10-06',
        },
      }),
    ).toEqual({
      summary: 'Action agreed at a targeting support meeting, for w-1 by 2025-10-20: Home visit',
      happenedOn: '2025-10-06',
      reason: null,
      parentIds: [],
    });
    expect(
      describeMeetingEvent({
        type: 'TargetingSupportActionCompleted',
        data: { actionId: 'a-1', completedOn: '2025-10-18', outcome: 'Visited; mother engaged' },
      }),
    ).toMatchObject({ happenedOn: '2025-10-18', reason: 'Visited; mother engaged' });
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
        addedOn: '2024-09-03',
      },
    };
    expect(describeFamilyEvent(added)).toEqual({
      summary:
        'Parent or carer added: p-1 (mother; has parental responsibility, no day-to-day care).',
      happenedOn: '2024-09-03',
      reason: null,
      parentIds: ['p-1'],
    });
    expect(
      describeFamilyEvent({
        type: 'ParentRemoved',
        data: { parentId: 'p-1', reason: 'Moved out', removedOn: '2025-01-06' },
      }),
    ).toMatchObject({ reason: 'Moved out', parentIds: ['p-1'], happenedOn: '2025-01-06' });
  });

  it('says plainly when it meets an event type it does not know, rather than failing', () => {
    const unknown = { type: 'FamilyRenamed', data: {} } as unknown as FamilyEvent;
    expect(describeFamilyEvent(unknown).summary).toBe(
      'An event of a type this version does not describe (FamilyRenamed).',
    );
  });
});

describe('a sentence for each step of the journey', () => {
  const V = { ruleSetVersion: 'v1' };
  const cases: [PupilEvent | FamilyEvent, string][] = [
    [
      {
        type: 'VulnerabilityFlagsUpdated',
        data: {
          flags: {
            ehcp: true,
            senSupport: false,
            fsm: true,
            childInNeed: false,
            childProtectionPlan: false,
            lookedAfter: false,
            youngCarer: false,
          },
          updatedOn: '2025-01-02',
        },
      },
      'Vulnerability flags updated: ehcp, fsm.',
    ],
    [
      {
        type: 'SchoolChanged',
        data: {
          schoolId: 'school-b',
          schoolType: 'free-school',
          yearGroup: 9,
          changedOn: '2025-01-06',
        },
      },
      'Moved to school school-b (free school, year 9).',
    ],
    [
      {
        type: 'ConcernRaised',
        data: {
          concernId: 'c-1',
          raisedOn: '2025-01-06',
          raisedBy: 'person',
          rule: null,
          summary: 'Late most days',
        },
      },
      'Concern raised by a caseworker.',
    ],
    [
      {
        type: 'ConcernRaised',
        data: {
          concernId: 'c-2',
          raisedOn: '2025-01-06',
          raisedBy: 'rule',
          rule: { name: 'persistent-absence', figures: { rate: 0.88 } },
          summary: 'Attendance 88%',
        },
      },
      'Concern raised by the rule "persistent-absence".',
    ],
    [
      {
        type: 'LeadPractitionerAssigned',
        data: { practitionerId: 'w-2', assignedOn: '2025-01-06' },
      },
      'Lead practitioner w-2 assigned.',
    ],
    [
      {
        type: 'ReferredToPanel',
        data: { referralId: 'r-1', reason: 'No progress', referredOn: '2025-02-03' },
      },
      'Referred to the attendance panel (r-1).',
    ],
    [
      {
        type: 'PanelDecisionRecorded',
        data: {
          referralId: 'r-1',
          decision: 'attendance-contract',
          rationale: 'Parents willing',
          decidedOn: '2025-02-10',
          ...V,
        },
      },
      'Panel decided on referral r-1: attendance contract.',
    ],
    [
      {
        type: 'PanelDecisionRecorded',
        data: {
          referralId: 'r-1',
          decision: 'attendance-contract',
          rationale: 'Parents willing',
          conditions: ['Review at the May panel', 'Take up early help'],
          decidedOn: '2025-02-10',
          ...V,
        },
      },
      'Panel decided on referral r-1: attendance contract, on condition: Review at the May panel; Take up early help.',
    ],
    [
      {
        type: 'AttendanceContractAgreed',
        data: {
          contractId: 'k-1',
          parentIds: ['p-1', 'p-2'],
          parentCommitments: ['Up by 7:30'],
          supportCommitments: ['Bus pass'],
          startsOn: '2025-03-03',
          endsOn: '2025-05-30',
          reviewDates: ['2025-04-14'],
          ...V,
        },
      },
      'Attendance contract k-1 agreed with 2 parents, from 2025-03-03 to 2025-05-30, 1 review planned.',
    ],
    [
      {
        type: 'AttendanceContractEnded',
        data: { contractId: 'k-1', endedOn: '2025-05-30', reason: 'not-kept', ...V },
      },
      'Attendance contract k-1 ended: not kept.',
    ],
    [
      {
        type: 'AttendanceContractDeclined',
        data: { offerId: 'o-1', parentIds: ['p-1'], offeredOn: '2025-03-03', reason: 'No', ...V },
      },
      'Attendance contract offered to 1 parent and declined.',
    ],
    [
      {
        type: 'ParentingOrderImplementationRecorded',
        data: {
          prosecutionId: 'pr-1',
          implemented: false,
          reasonNotImplemented: 'breach-by-parent',
          recordedOn: '2025-09-01',
          ...V,
        },
      },
      'Parenting order with prosecution pr-1 not implemented: breach by parent.',
    ],
    [
      {
        type: 'SupervisionOrderApplied',
        data: {
          orderId: 'o-2',
          appliedOn: '2025-06-09',
          prosecution: 'instead-of-prosecution',
          ...V,
        },
      },
      'Education supervision order o-2 applied for, instead of prosecution.',
    ],
    [
      { type: 'SocialCareConsulted', data: { consultedOn: '2025-06-02', outcome: 'No objection' } },
      "Children's social care consulted.",
    ],
    [
      { type: 'SupervisionOrderApplied', data: { orderId: 'o-1', appliedOn: '2025-06-09', ...V } },
      'Education supervision order o-1 applied for.',
    ],
    [
      {
        type: 'SupervisionOrderGranted',
        data: {
          orderId: 'o-1',
          courtDate: '2025-07-01',
          supervisorId: 'officer-1',
          expiresOn: '2026-06-30',
          ...V,
        },
      },
      'Education supervision order o-1 made by the court, supervised by officer-1, in force until 2026-06-30.',
    ],
    [
      {
        type: 'SupervisionOrderDirectionGiven',
        data: { orderId: 'o-1', direction: 'Attend meetings', givenOn: '2025-07-08' },
      },
      'Direction given under supervision order o-1.',
    ],
    [
      {
        type: 'SupervisionOrderNonComplianceRecorded',
        data: { orderId: 'o-1', recordedOn: '2025-09-01', details: 'Missed two meetings' },
      },
      'Non-compliance with supervision order o-1 recorded.',
    ],
    [
      {
        type: 'SupervisionOrderExtensionApplied',
        data: { orderId: 'o-1', appliedOn: '2026-03-30', extensionYears: 1, ...V },
      },
      'Extension of supervision order o-1 by 1 year applied for.',
    ],
    [
      {
        type: 'SupervisionOrderExtended',
        data: {
          orderId: 'o-1',
          grantedOn: '2026-05-01',
          extensionYears: 2,
          expiresOn: '2028-06-30',
          ...V,
        },
      },
      'Supervision order o-1 extended by 2 years, now in force until 2028-06-30.',
    ],
    [
      {
        type: 'SupervisionOrderDischarged',
        data: { orderId: 'o-1', dischargedOn: '2026-01-05', applicant: 'local-authority', ...V },
      },
      'Supervision order o-1 discharged on the application of the local authority.',
    ],
    [
      {
        type: 'SupervisionOrderEnded',
        data: { orderId: 'o-1', endedOn: '2026-06-30', reason: 'expired', ...V },
      },
      'Supervision order o-1 ended: expired.',
    ],
    [
      {
        type: 'EducationNeglectReferralMade',
        data: { referralId: 'n-1', route: 's47', referredOn: '2025-09-01', reason: 'Risk', ...V },
      },
      "Referred to children's social care for education neglect (s47).",
    ],
    [
      {
        type: 'SocialCareResponseRecorded',
        data: { referralId: 'n-1', response: 's17', respondedOn: '2025-09-10', notes: '' },
      },
      "Children's social care took the case on under s17 of the Children Act 1989 (education-neglect referral n-1).",
    ],
    [
      {
        type: 'SocialCareResponseRecorded',
        data: {
          referralId: 'n-1',
          response: 'no-further-action',
          respondedOn: '2025-09-10',
          notes: '',
        },
      },
      "Children's social care decided on no further action (education-neglect referral n-1).",
    ],
    [
      {
        type: 'NoticeToImproveOutcomeRecorded',
        data: { noticeId: 'nti-1', outcome: 'improved', recordedOn: '2025-04-28', ...V },
      },
      'Notice to improve nti-1: attendance improved.',
    ],
    [
      {
        type: 'PenaltyNoticePaid',
        data: { noticeId: 'pn-1', paidOn: '2025-05-20', amount: 80, ...V },
      },
      'Penalty notice pn-1 paid: £80.',
    ],
    [
      {
        type: 'ProsecutionStarted',
        data: {
          prosecutionId: 'pr-1',
          section: 's444(1)',
          parentIds: ['p-1'],
          offencePeriod: { from: '2025-01-06', to: '2025-03-14' },
          laidOn: '2025-07-01',
          esoConsideration: 'An order would not help',
          ...V,
        },
      },
      'Prosecution pr-1 under s444(1) laid against 1 parent for 2025-01-06 to 2025-03-14.',
    ],
    [
      {
        type: 'ProsecutionOutcomeRecorded',
        data: {
          prosecutionId: 'pr-1',
          outcome: 'convicted',
          recordedOn: '2025-09-01',
          sentence: 'Fine £200',
          parentingOrder: true,
          ...V,
        },
      },
      'Prosecution pr-1: convicted, with a parenting order.',
    ],
    [
      {
        type: 'DeadlineReached',
        data: {
          deadlineId: 'd-1',
          kind: 'penalty-notice-payment-period-ended',
          dueOn: '2025-06-02',
          ref: 'pn-1',
          action: 'Prosecute or withdraw.',
          reachedOn: '2025-06-02',
        },
      },
      'Deadline reached: penalty notice payment period ended (pn-1), due 2025-06-02. Prosecute or withdraw.',
    ],
    [
      {
        type: 'SteppedDown',
        data: {
          toStage: 'facilitate-support',
          reason: 'Improved',
          steppedDownOn: '2025-09-01',
          ...V,
        },
      },
      'Stepped down to facilitate support.',
    ],
    [
      {
        type: 'CaseClosed',
        data: {
          reason: 'moved-out-of-la',
          explanation: 'Moved away',
          closedOn: '2025-10-01',
          ...V,
        },
      },
      'Case closed: moved out of LA.',
    ],
    [
      { type: 'CaseReopened', data: { reason: 'Back in the area', reopenedOn: '2026-01-05' } },
      'Case reopened.',
    ],
    [
      {
        type: 'FamilyRegistered',
        data: { familyId: 'f-1', reference: 'F-1', registeredOn: '2024-09-02' },
      },
      'Family F-1 registered.',
    ],
    [
      {
        type: 'FamilyPlanRecorded',
        data: {
          planId: 'plan-1',
          kind: 'whole-family-plan',
          leadPractitionerId: 'w-1',
          startsOn: '2024-10-07',
          summary: 'One plan',
        },
      },
      'Family plan plan-1 recorded: whole family plan, led by w-1.',
    ],
    [
      { type: 'PupilLinked', data: { pupilId: 'a', linkedOn: '2024-09-02' } },
      'Pupil a linked to the family.',
    ],
    [
      {
        type: 'PupilUnlinked',
        data: { pupilId: 'a', reason: 'Wrong family', unlinkedOn: '2024-09-09' },
      },
      'Pupil a unlinked from the family.',
    ],
  ];
  const FAMILY_TYPES = ['FamilyRegistered', 'FamilyPlanRecorded', 'PupilLinked', 'PupilUnlinked'];

  it.each(cases.map(([event, summary]) => [event.type, event, summary] as const))(
    '%s',
    (_, event, summary) => {
      const description = FAMILY_TYPES.includes(event.type)
        ? describeFamilyEvent(event as FamilyEvent)
        : describePupilEvent(event as PupilEvent);
      expect(description.summary).toBe(summary);
    },
  );
});
