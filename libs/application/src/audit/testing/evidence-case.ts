/**
 * One pupil's case, recorded to a first penalty notice, for the evidence-pack specs: 15 calendar
 * weeks from Monday 6 January 2025 with a half-term week (24 February) that has no sessions, one
 * unauthorised session in each of the 10 school weeks from 20 January to 31 March (so the
 * threshold window spans 11 calendar weeks), support not engaged with, a conversation, a contract
 * not kept, a notice to improve, the notice, its payment, and a correction received afterwards.
 */
import { addDays, NATIONAL_DEFAULTS, NO_FLAGS, PupilEvent, SessionMark } from '@app/domain';
import { RecordedCase } from './recorded-case';

export const PUPIL = 'pupil-1';
export const SIBLING = 'pupil-2';
export const FAMILY = 'family-1';
export const MUM = 'parent-mum';
export const DAD = 'parent-dad';
export const NOTICE = 'pn-1';
export const OFFENCE = { from: '2025-01-06', to: '2025-04-18' };
export const HALF_TERM = '2025-02-24';
/** Calendar weeks (0-based from 6 January) with one unauthorised session. */
export const UNAUTHORISED_WEEKS = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12];
const V = NATIONAL_DEFAULTS.version;

export const mondayOf = (week: number) => addDays(OFFENCE.from, week * 7);

function weekMarks(monday: string, unauthorised: number): SessionMark[] {
  return [0, 1, 2, 3, 4].flatMap((d) =>
    (['AM', 'PM'] as const).map((session, s) => ({
      date: addDays(monday, d),
      session,
      code:
        d * 2 + s < unauthorised
          ? ('O' as const)
          : session === 'AM'
            ? ('/' as const)
            : ('\\' as const),
    })),
  );
}

export function marksFor(week: number, unauthorised: number): PupilEvent {
  const monday = mondayOf(week);
  return {
    type: 'AttendanceMarksRecorded',
    data: {
      schoolId: 'school-a',
      from: monday,
      to: addDays(monday, 4),
      marks: weekMarks(monday, unauthorised),
      receivedAt: `${addDays(monday, 4)}T16:00:00.000Z`,
    },
  };
}

/**
 * The case up to the paid notice; `afterwards` adds the correction of 3 February's morning mark
 * (O to I, received 1 July) so the register now differs from the one the notice was decided on.
 */
export function penaltyNoticeCase(
  options: { conversationNotes?: string; correctionAfterwards?: boolean } = {},
) {
  const c = new RecordedCase(FAMILY);
  c.familyEvents(
    [
      {
        type: 'FamilyRegistered',
        data: { familyId: FAMILY, reference: 'F-0001', registeredOn: '2024-09-02' },
      },
      {
        type: 'ParentAdded',
        data: {
          parentId: MUM,
          reference: 'M',
          relationship: 'mother',
          hasParentalResponsibility: true,
          hasDayToDayCare: true,
          addedOn: '2024-09-02',
        },
      },
      {
        type: 'ParentAdded',
        data: {
          parentId: DAD,
          reference: 'D',
          relationship: 'father',
          hasParentalResponsibility: true,
          hasDayToDayCare: false,
          addedOn: '2024-09-02',
        },
      },
      { type: 'PupilLinked', data: { pupilId: PUPIL, linkedOn: '2024-09-02' } },
      { type: 'PupilLinked', data: { pupilId: SIBLING, linkedOn: '2024-09-02' } },
    ],
    '2024-09-02T09:00:00.000Z',
  );
  c.pupilEvents(
    PUPIL,
    [
      {
        type: 'PupilRegistered',
        data: {
          pupilId: PUPIL,
          reference: 'P-0001',
          upn: null,
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
          flags: NO_FLAGS,
          registeredOn: '2024-09-02',
        },
      },
      { type: 'LinkedToFamily', data: { familyId: FAMILY, linkedOn: '2024-09-02' } },
      {
        type: 'SupportActionRecorded',
        data: {
          supportId: 'support-1',
          kind: 'early-help-assessment',
          description: 'Early help assessment',
          startedOn: '2024-11-04',
        },
      },
      {
        type: 'SupportOutcomeRecorded',
        data: {
          supportId: 'support-1',
          outcome: 'did-not-help',
          familyEngaged: false,
          recordedOn: '2024-12-16',
        },
      },
      {
        type: 'ConversationRecorded',
        data: {
          conversationId: 'conv-1',
          heldOn: '2024-12-02',
          withWhom: ['pupil', 'mother'],
          barriers: ['anxiety'],
          barrierNotes: options.conversationNotes ?? 'Worried about the bus',
          pupilVoice: 'I do not like mornings',
          agreedNextSteps: ['Morning check-in'],
        },
      },
    ],
    '2024-12-16T12:00:00.000Z',
  );
  for (let week = 0; week < 15; week += 1) {
    if (mondayOf(week) === HALF_TERM) continue;
    c.pupilEvents(
      PUPIL,
      [marksFor(week, UNAUTHORISED_WEEKS.includes(week) ? 1 : 0)],
      `${addDays(mondayOf(week), 4)}T16:00:00.000Z`,
    );
  }
  c.pupilEvents(
    PUPIL,
    [
      {
        type: 'AttendanceContractAgreed',
        data: {
          contractId: 'contract-1',
          parentIds: [MUM],
          parentCommitments: ['Up by 7:30'],
          supportCommitments: ['Bus pass'],
          startsOn: '2025-03-03',
          endsOn: '2025-04-11',
          reviewDates: ['2025-03-31'],
          ruleSetVersion: V,
        },
      },
      {
        type: 'AttendanceContractReviewed',
        data: {
          contractId: 'contract-1',
          reviewedOn: '2025-03-31',
          outcome: 'not-kept',
          notes: 'Late most days',
          ruleSetVersion: V,
        },
      },
      {
        type: 'NoticeToImproveIssued',
        data: {
          noticeId: 'nti-1',
          parentId: MUM,
          issuedOn: '2025-04-22',
          improvementWeeks: 6,
          periodEndsOn: '2025-06-03',
          sufficientImprovement: 'No unauthorised absence for 6 weeks',
          ruleSetVersion: V,
        },
      },
      {
        type: 'NoticeToImproveOutcomeRecorded',
        data: {
          noticeId: 'nti-1',
          outcome: 'not-improved',
          recordedOn: '2025-06-03',
          ruleSetVersion: V,
        },
      },
    ],
    '2025-06-03T12:00:00.000Z',
  );
  c.decide(
    PUPIL,
    {
      type: 'IssuePenaltyNotice',
      noticeId: NOTICE,
      parentId: MUM,
      issuedOn: '2025-06-05',
      offencePeriod: OFFENCE,
      issuedBy: 'authorised-la-officer',
    },
    '2025-06-05T10:00:00.000Z',
  );
  c.pupilEvents(
    PUPIL,
    [
      {
        type: 'PenaltyNoticePaid',
        data: { noticeId: NOTICE, paidOn: '2025-06-20', amount: 80, ruleSetVersion: V },
      },
    ],
    '2025-06-20T10:00:00.000Z',
  );
  if (options.correctionAfterwards)
    c.pupilEvents(
      PUPIL,
      [
        {
          type: 'AttendanceMarkCorrected',
          data: {
            schoolId: 'school-a',
            date: '2025-02-03',
            session: 'AM',
            code: 'I',
            previousCode: 'O',
            reason: 'Doctor’s note received late',
            receivedAt: '2025-07-01T09:00:00.000Z',
          },
        },
      ],
      '2025-07-01T09:00:00.000Z',
    );
  return c;
}
