import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { PenaltyNoticeLimitReached } from '../rules';
import { contextOn, given } from '../testing/given-when-then';
import {
  DAD,
  family,
  holiday,
  holidayFor,
  linked,
  MUM,
  ntiIssued,
  ntiNotImproved,
  OFFENCE,
  penaltyNoticeIssued,
  penaltyNoticeWithdrawn,
  readyForPenaltyNotice,
  registered,
  registeredWith,
  registerWeeks,
  supportOffered,
} from '../testing/journey-fixtures';
import type { PupilCommand, PupilCommandOf } from './commands';
import type { PupilEvent } from './events';
import {
  DuplicateId,
  FamilyNotLinked,
  IndependentSchoolPupil,
  JourneyRefused,
  NationalThresholdNotMet,
  NotOfCompulsorySchoolAge,
  NoticeToImproveFirst,
  ParentNotLinked,
  SupportFirstRequired,
} from './decide/guards';

const on = (date: string) => contextOn(date, family);
const issue = (over: Partial<PupilCommandOf<'IssuePenaltyNotice'>> = {}): PupilCommand => ({
  type: 'IssuePenaltyNotice',
  noticeId: 'pn-1',
  parentId: MUM,
  issuedOn: '2025-05-01',
  offencePeriod: OFFENCE,
  issuedBy: 'headteacher',
  ...over,
});

describe('issuing a penalty notice (WTISA 2024 ch. 6)', () => {
  it('issues a first notice: £160, or £80, each within the days "beginning with the date on which the notice is received" (SI 2007/1867 reg 4 as amended)', () => {
    given(readyForPenaltyNotice)
      .when(issue(), on('2025-05-01'))
      .thenRecords(([event]) => {
        expect(event).toMatchObject({
          type: 'PenaltyNoticeIssued',
          data: {
            noticeId: 'pn-1',
            parentId: MUM,
            issuedOn: '2025-05-01',
            // Thursday + 2 working days: Friday, then Tuesday (Monday 5 May is the early May bank holiday)
            servedOn: '2025-05-06',
            sequence: 1,
            amount: 160,
            reducedAmount: 80,
            reducedRateEnds: '2025-05-26', // received 6 May is day 1 of 21
            paymentEnds: '2025-06-02', // and day 1 of 28
            noticeToImproveId: `nti-${MUM}`,
            supportNotAppropriate: null,
            ruleSetVersion: 'national-2024-08-19',
          },
        });
      });
  });

  it('records the 10 unauthorised sessions that met the threshold, as evidence', () => {
    given(readyForPenaltyNotice)
      .when(issue(), on('2025-05-01'))
      .thenRecords(([event]) => {
        expect(event).toMatchObject({
          data: {
            threshold: { count: 10, firstSchoolWeek: '2025-01-06', lastSchoolWeek: '2025-03-10' },
          },
        });
        expect(event.type === 'PenaltyNoticeIssued' && event.data.threshold.sessions).toHaveLength(
          10,
        );
      });
  });

  it('issues each parent their own notice for the child', () => {
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1),
      ntiIssued(DAD),
      ntiNotImproved(DAD),
    ];
    given(history)
      .when(issue({ noticeId: 'pn-2', parentId: DAD }), on('2025-05-01'))
      .thenRecords(([event]) =>
        expect(event).toMatchObject({ data: { parentId: DAD, sequence: 1, reducedAmount: 80 } }),
      );
  });

  it('issues a second notice within 3 years at £160 flat', () => {
    const history = [
      ...readyForPenaltyNotice,
      penaltyNoticeIssued('pn-1', MUM, '2025-03-20', 1),
      ...registerWeeks(1, 10, '2025-03-17'),
    ];
    given(history)
      .when(
        issue({
          noticeId: 'pn-2',
          offencePeriod: { from: '2025-03-17', to: '2025-05-23' },
          issuedOn: '2025-07-10',
        }),
        on('2025-07-10'),
      )
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          data: { sequence: 2, amount: 160, reducedAmount: null, reducedRateEnds: null },
        }),
      );
  });

  describe('no third notice to a parent for a child within 3 years', () => {
    const twoNotices = [
      registered,
      linked,
      holiday,
      penaltyNoticeIssued('pn-a', MUM, '2024-10-01', 1, { from: '2024-09-02', to: '2024-09-27' }),
      penaltyNoticeIssued('pn-b', MUM, '2024-12-01', 2, { from: '2024-10-01', to: '2024-11-29' }),
      ...registerWeeks(1, 10, '2027-06-07'),
    ];
    const late2027 = { from: '2027-06-07', to: '2027-08-13' };

    it('refuses a third notice, saying when one could next be issued and what else to consider', () => {
      given([...twoNotices.slice(0, 5), ...registerWeeks(1)])
        .when(issue(), on('2025-05-01'))
        .thenThrows(
          PenaltyNoticeLimitReached,
          /before 2027-10-01; consider attendance contract, education supervision order or prosecution/,
        );
    });

    it('still refuses it on the day before the first notice is 3 years old', () => {
      given(twoNotices)
        .when(issue({ issuedOn: '2027-09-30', offencePeriod: late2027 }), on('2027-09-30'))
        .thenThrows(PenaltyNoticeLimitReached, /before 2027-10-01/);
    });

    it('allows it, as a second notice, on the day the first is 3 years old', () => {
      given(twoNotices)
        .when(issue({ issuedOn: '2027-10-01', offencePeriod: late2027 }), on('2027-10-01'))
        .thenRecords(([event]) =>
          expect(event).toMatchObject({ data: { sequence: 2, amount: 160, reducedAmount: null } }),
        );
    });

    it('does not count a withdrawn notice', () => {
      const history = [
        ...readyForPenaltyNotice,
        penaltyNoticeIssued('pn-a', MUM, '2024-10-01', 1, { from: '2024-09-02', to: '2024-09-27' }),
        penaltyNoticeWithdrawn('pn-a', '2024-10-10'),
        penaltyNoticeIssued('pn-b', MUM, '2024-12-01', 2, { from: '2024-10-01', to: '2024-11-29' }),
      ];
      given(history)
        .when(issue(), on('2025-05-01'))
        .thenRecords(([event]) => expect(event).toMatchObject({ data: { sequence: 2 } }));
    });
  });

  describe('the national threshold in the offence period', () => {
    it('is met by exactly 10 unauthorised sessions in 10 school weeks', () => {
      given(readyForPenaltyNotice)
        .when(issue(), on('2025-05-01'))
        .thenRecords((events) =>
          expect(events.map((e) => e.type)).toEqual(['PenaltyNoticeIssued']),
        );
    });

    it('is not met by 9, and the notice is refused', () => {
      const history = [registered, linked, ...registerWeeks(1, 9), holiday];
      given(history)
        .when(issue(), on('2025-05-01'))
        .thenThrows(NationalThresholdNotMet, /9 unauthorised sessions/);
    });

    describe('with a week the pupil spent wholly at another school (dual registration, D)', () => {
      const awayWeek: PupilEvent = {
        type: 'AttendanceMarksRecorded',
        data: {
          schoolId: 'school-a',
          from: '2025-02-10',
          to: '2025-02-14',
          marks: ['2025-02-10', '2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14'].flatMap(
            (date) =>
              (['AM', 'PM'] as const).map((session) => ({ date, session, code: 'D' as const })),
          ),
          receivedAt: '2025-02-14T16:00:00.000Z',
        },
      };
      const history = [
        registered,
        linked,
        ...registerWeeks(1, 5, '2025-01-06'),
        awayWeek,
        ...registerWeeks(1, 5, '2025-02-17'),
        holiday,
      ];
      const period = { from: '2025-01-06', to: '2025-03-21' };

      it('does not count that week by default, so 10 sessions fall in 10 school weeks', () => {
        given(history)
          .when(issue({ offencePeriod: period }), on('2025-05-01'))
          .thenRecords(([e]) => expect(e).toMatchObject({ data: { threshold: { count: 10 } } }));
      });

      it('counts it where the code of conduct reads a school week as any session held', () => {
        const code = { ...NATIONAL_DEFAULTS, schoolWeekBasis: 'school-session-held' as const };
        given(history)
          .when(
            issue({ offencePeriod: period }),
            contextOn('2025-05-01', family, { codeOfConduct: code }),
          )
          .thenThrows(NationalThresholdNotMet, /9 unauthorised sessions/);
      });
    });

    it('counts only sessions inside the offence period', () => {
      given(readyForPenaltyNotice)
        .when(issue({ offencePeriod: { from: '2025-01-13', to: '2025-03-14' } }), on('2025-05-01'))
        .thenThrows(NationalThresholdNotMet, /2025-01-13 to 2025-03-14: 9 unauthorised/);
    });
  });

  describe('support first', () => {
    it('refuses a notice without recorded support', () => {
      given([registered, linked, ...registerWeeks(1)])
        .when(issue(), on('2025-05-01'))
        .thenThrows(SupportFirstRequired, /term-time holiday/);
    });

    it('needs a notice to improve first where support was appropriate', () => {
      given([registered, linked, ...registerWeeks(1), supportOffered])
        .when(issue(), on('2025-05-01'))
        .thenThrows(NoticeToImproveFirst);
    });

    it('needs the improvement period to have ended', () => {
      given([registered, linked, ...registerWeeks(1), supportOffered, ntiIssued(MUM, '2025-04-14')])
        .when(issue(), on('2025-05-01'))
        .thenThrows(NoticeToImproveFirst);
    });

    it('needs the notice to improve’s outcome recorded as not improved', () => {
      given([registered, linked, ...registerWeeks(1), supportOffered, ntiIssued()])
        .when(issue(), on('2025-05-01'))
        .thenThrows(NoticeToImproveFirst, /without sufficient improvement/);
    });

    it('does not follow a notice to improve that brought sufficient improvement', () => {
      const improved = {
        ...ntiNotImproved(),
        data: { ...ntiNotImproved().data, outcome: 'improved' },
      } as never;
      given([registered, linked, ...registerWeeks(1), supportOffered, ntiIssued(), improved])
        .when(issue(), on('2025-05-01'))
        .thenThrows(NoticeToImproveFirst);
    });

    it('does not take another parent’s notice to improve as this parent’s', () => {
      given([...readyForPenaltyNotice])
        .when(issue({ parentId: DAD }), on('2025-05-01'))
        .thenThrows(NoticeToImproveFirst);
    });

    it('skips support and the notice to improve for a term-time holiday', () => {
      given([registered, linked, ...registerWeeks(1), holiday])
        .when(issue(), on('2025-05-01'))
        .thenRecords(([event]) =>
          expect(event).toMatchObject({
            data: { noticeToImproveId: null, supportNotAppropriate: 'term-time-holiday' },
          }),
        );
    });

    it('skips them for the holiday’s own offence period', () => {
      given([
        registered,
        linked,
        ...registerWeeks(1),
        holidayFor({ from: '2025-02-10', to: '2025-02-21' }),
      ])
        .when(issue(), on('2025-05-01'))
        .thenRecords(([event]) =>
          expect(event).toMatchObject({ data: { supportNotAppropriate: 'term-time-holiday' } }),
        );
    });

    it('does not let a holiday excuse support for a different offence', () => {
      given([
        registered,
        linked,
        ...registerWeeks(1),
        holidayFor({ from: '2024-06-03', to: '2024-06-14' }),
      ])
        .when(issue(), on('2025-05-01'))
        .thenThrows(SupportFirstRequired);
    });
  });

  describe('who and whom', () => {
    it('names only parents of the pupil’s family', () => {
      given(readyForPenaltyNotice)
        .when(issue({ parentId: 'parent-stranger' }), on('2025-05-01'))
        .thenThrows(ParentNotLinked, /parent-stranger is not a parent or carer/);
    });

    it('needs the pupil linked to a family', () => {
      given([registered, ...registerWeeks(1), holiday])
        .when(issue(), on('2025-05-01'))
        .thenThrows(FamilyNotLinked);
    });

    it('refuses a family the handler loaded that does not list this pupil', () => {
      given(readyForPenaltyNotice)
        .when(issue(), contextOn('2025-05-01', { ...family, pupilIds: [] }))
        .thenThrows(FamilyNotLinked);
    });

    it('is never for a pupil at an independent school', () => {
      given([registeredWith({ schoolType: 'independent' }), linked, ...registerWeeks(1), holiday])
        .when(issue(), on('2025-05-01'))
        .thenThrows(IndependentSchoolPupil, /independent school/);
    });

    it('is only for a pupil of compulsory school age', () => {
      given([registeredWith({ dateOfBirth: '2020-09-01' }), linked, ...registerWeeks(1), holiday])
        .when(issue(), on('2025-05-01'))
        .thenThrows(NotOfCompulsorySchoolAge, /not of compulsory school age on 2025-01-06/);
    });

    it('is refused for an offence period that starts before compulsory school age', () => {
      // Born 15 Jan 2020: compulsory school age starts on 31 Mar 2025.
      const history = [
        registeredWith({ dateOfBirth: '2020-01-15' }),
        linked,
        ...registerWeeks(1, 10, '2025-03-03'),
        holiday,
      ];
      given(history)
        .when(
          issue({
            issuedOn: '2025-05-12',
            offencePeriod: { from: '2025-03-03', to: '2025-05-09' },
          }),
          on('2025-05-12'),
        )
        .thenThrows(NotOfCompulsorySchoolAge, /2025-03-03/);
    });

    it('is issued only by those the regulations allow', () => {
      given(readyForPenaltyNotice)
        .when(issue({ issuedBy: 'teaching-assistant' as never }), on('2025-05-01'))
        .thenThrows(JourneyRefused, /headteacher/);
    });
  });

  describe('dates and repeats', () => {
    it('refuses a second notice to the same parent for an overlapping offence', () => {
      given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-04-01', 1)])
        .when(issue({ noticeId: 'pn-2' }), on('2025-05-01'))
        .thenThrows(JourneyRefused, /already has penalty notice pn-1 for an overlapping offence/);
    });

    it('allows a new notice for an offence whose notice was withdrawn', () => {
      const history = [
        ...readyForPenaltyNotice,
        penaltyNoticeIssued('pn-1', MUM, '2025-04-01', 1),
        penaltyNoticeWithdrawn('pn-1', '2025-04-10'),
      ];
      given(history)
        .when(issue({ noticeId: 'pn-2' }), on('2025-05-01'))
        .thenRecords(([event]) =>
          expect(event).toMatchObject({ data: { noticeId: 'pn-2', sequence: 1 } }),
        );
    });

    it('refuses a notice dated before one already issued to the parent', () => {
      const history = [
        ...readyForPenaltyNotice,
        penaltyNoticeIssued('pn-1', MUM, '2025-06-02', 1, { from: '2025-03-17', to: '2025-05-23' }),
      ];
      given(history)
        .when(issue({ noticeId: 'pn-2' }), on('2025-06-03'))
        .thenThrows(JourneyRefused, /issued on 2025-06-02; a notice cannot be dated before it/);
    });

    it('refuses an offence period that ends after the issue date', () => {
      given(readyForPenaltyNotice)
        .when(issue({ offencePeriod: { from: '2025-01-06', to: '2025-06-01' } }), on('2025-05-01'))
        .thenThrows(InvalidInput, /cannot end after/);
    });

    it('refuses an offence period that ends before it starts', () => {
      given(readyForPenaltyNotice)
        .when(issue({ offencePeriod: { from: '2025-03-14', to: '2025-01-06' } }), on('2025-05-01'))
        .thenThrows(InvalidInput, /ends \(2025-01-06\) before it starts/);
    });

    it('refuses a notice dated in the future', () => {
      given(readyForPenaltyNotice)
        .when(issue({ issuedOn: '2025-05-02' }), on('2025-05-01'))
        .thenThrows(InvalidInput, /future/);
    });

    it('is not issued under the old scheme, before 19 August 2024', () => {
      given([registered, linked, ...registerWeeks(1, 10, '2024-05-06'), holiday])
        .when(
          issue({
            issuedOn: '2024-08-01',
            offencePeriod: { from: '2024-05-06', to: '2024-07-12' },
          }),
          on('2024-08-01'),
        )
        .thenThrows(JourneyRefused, /old scheme/);
    });

    it('refuses a repeated notice id, so a retried command is recognised', () => {
      given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', DAD, '2025-04-01', 1)])
        .when(issue(), on('2025-05-01'))
        .thenThrows(DuplicateId, /\(pn-1\) is already recorded/);
    });
  });
});
