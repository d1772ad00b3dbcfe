/**
 * Facts are dated the day they happened, not the day they were typed in. The LA's records of each
 * notice, payment and withdrawal are kept with their dates (SI 2024/210 reg 20), and an
 * information must be laid within 6 months of the offence (Magistrates' Courts Act 1980 s127): a
 * date that is the day of data entry, a week late or a year late for a case brought across from
 * the LA's earlier system, is evidence of the wrong thing.
 */
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { upcastEvent } from '../upcast';
import { contextOn, given, givenFamily } from '../testing/given-when-then';
import { FAMILY, linked, registered, supportOffered } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { HAPPENED_ON_FIELD, happenedOn } from './dated-facts';
import type { PupilEvent } from './events';

const on = (date: string) => contextOn(date);
/** Registering a pupil born 10 May 2012, dated `registeredOn`. */
const registerPupilOn = (registeredOn: string): PupilCommand => ({
  type: 'RegisterPupil',
  pupilId: 'p-1',
  reference: 'P-1',
  dateOfBirth: '2012-05-10',
  schoolId: 's',
  schoolType: 'academy',
  yearGroup: 8,
  registeredOn,
});
const TODAY = '2025-06-02';
const V = NATIONAL_DEFAULTS.version;

describe('a fact is dated the day it happened', () => {
  const backDated: [string, PupilCommand, PupilEvent[], PupilEvent[]][] = [
    [
      'a link to the family',
      { type: 'LinkToFamily', familyId: FAMILY, linkedOn: '2024-09-10' },
      [registered],
      [{ type: 'LinkedToFamily', data: { familyId: FAMILY, linkedOn: '2024-09-10' } }],
    ],
    [
      '"support not appropriate"',
      {
        type: 'RecordSupportNotAppropriate',
        reason: 'term-time-holiday',
        explanation: 'Two weeks abroad',
        recordedOn: '2025-03-03',
      },
      [registered],
      [
        {
          type: 'SupportNotAppropriateRecorded',
          data: {
            reason: 'term-time-holiday',
            explanation: 'Two weeks abroad',
            offencePeriod: null,
            recordedOn: '2025-03-03',
            ruleSetVersion: V,
          },
        },
      ],
    ],
    [
      'a concern',
      { type: 'RaiseConcern', concernId: 'c-1', summary: 'Often late', raisedOn: '2024-11-04' },
      [registered],
      [
        {
          type: 'ConcernRaised',
          data: {
            concernId: 'c-1',
            raisedOn: '2024-11-04',
            raisedBy: 'person',
            rule: null,
            summary: 'Often late',
          },
        },
      ],
    ],
    [
      'a lead practitioner',
      { type: 'AssignLeadPractitioner', practitionerId: 'w-7', assignedOn: '2024-10-01' },
      [registered],
      [
        {
          type: 'LeadPractitionerAssigned',
          data: { practitionerId: 'w-7', assignedOn: '2024-10-01' },
        },
      ],
    ],
    [
      'a referral to the panel',
      { type: 'ReferToPanel', referralId: 'r-1', reason: 'Not engaging', referredOn: '2025-01-13' },
      [registered, supportOffered],
      [
        {
          type: 'ReferredToPanel',
          data: { referralId: 'r-1', reason: 'Not engaging', referredOn: '2025-01-13' },
        },
      ],
    ],
    [
      'a closure',
      { type: 'CloseCase', reason: 'improved', closedOn: '2025-05-23' },
      [registered],
      [
        {
          type: 'CaseClosed',
          data: { reason: 'improved', explanation: '', closedOn: '2025-05-23', ruleSetVersion: V },
        },
      ],
    ],
  ];

  it.each(backDated)('records %s on the day given', (_, command, history, expected) => {
    given(history).when(command, on(TODAY)).then(expected);
  });

  it('dates a registration the day given, however long before it was typed in', () => {
    given([])
      .when(registerPupilOn('2024-09-02'), on(TODAY))
      .thenRecords(([event]) => expect(event.data).toMatchObject({ registeredOn: '2024-09-02' }));
  });

  it('dates a fact today when no date is given', () => {
    given([registered])
      .when({ type: 'RaiseConcern', concernId: 'c-1', summary: 'Late' }, on(TODAY))
      .thenRecords(([event]) => expect(event.data).toMatchObject({ raisedOn: TODAY }));
  });
});

describe('a fact cannot be dated in the future, nor before the child was born', () => {
  it('refuses a date after today, naming the field', () => {
    given([registered])
      .when(
        {
          type: 'RecordSupportNotAppropriate',
          reason: 'term-time-holiday',
          explanation: 'x',
          recordedOn: '2025-06-03',
        },
        on(TODAY),
      )
      .thenThrows(InvalidInput, 'recordedOn (2025-06-03) cannot be in the future');
  });

  it("refuses a date before the pupil's date of birth", () => {
    given([registered])
      .when({ type: 'LinkToFamily', familyId: FAMILY, linkedOn: '2012-05-09' }, on(TODAY))
      .thenThrows(
        InvalidInput,
        "linkedOn (2012-05-09) is before the pupil's date of birth (2012-05-10)",
      );
  });

  it('holds commands that always took a date to the same bounds', () => {
    given([registered])
      .when(
        {
          type: 'RecordConversation',
          conversationId: 'c',
          heldOn: '2011-01-01',
          withWhom: ['mother'],
          barriers: [],
          agreedNextSteps: [],
        },
        on(TODAY),
      )
      .thenThrows(InvalidInput, /before the pupil's date of birth/);
  });

  it('refuses a registration dated before the date of birth it gives', () => {
    given([])
      .when(registerPupilOn('2012-01-01'), on(TODAY))
      .thenThrows(InvalidInput, /registeredOn \(2012-01-01\) is before/);
  });

  it('refuses a date that is not a real one', () => {
    given([registered])
      .when({ type: 'CloseCase', reason: 'improved', closedOn: '2025-02-30' }, on(TODAY))
      .thenThrows(InvalidInput, /closedOn must be a real date/);
  });

  it('lets an attendance contract start after today: its start is planned, not a past fact', () => {
    expect(() =>
      happenedOn('2025-06-09', 'startsOn', { today: TODAY, mayBeAhead: true }),
    ).not.toThrow();
  });

  it('names, for every command, the field that says when it happened', () => {
    expect(HAPPENED_ON_FIELD.LinkToFamily).toBe('linkedOn');
    expect(HAPPENED_ON_FIELD.RecordSupportNotAppropriate).toBe('recordedOn');
    // A deadline a job saw fall due is the system's own fact, dated when the job ran.
    expect(HAPPENED_ON_FIELD.RecordDeadlineReached).toBeNull();
  });
});

describe('family facts are dated the day they happened', () => {
  const registeredFamily = {
    type: 'FamilyRegistered' as const,
    data: { familyId: FAMILY, reference: 'F-1', registeredOn: '2024-09-02' },
  };

  it('registers a family on the day given', () => {
    givenFamily([])
      .when(
        { type: 'RegisterFamily', familyId: FAMILY, reference: 'F-1', registeredOn: '2024-09-02' },
        new Date(`${TODAY}T10:00:00Z`),
      )
      .then([registeredFamily]);
  });

  it('links a pupil on the day given', () => {
    givenFamily([registeredFamily])
      .when(
        { type: 'LinkPupil', pupilId: 'p-1', linkedOn: '2024-09-10' },
        new Date(`${TODAY}T10:00:00Z`),
      )
      .then([{ type: 'PupilLinked', data: { pupilId: 'p-1', linkedOn: '2024-09-10' } }]);
  });

  it('refuses a parent added in the future', () => {
    givenFamily([registeredFamily])
      .when(
        {
          type: 'AddParent',
          parentId: 'mum',
          reference: 'M',
          relationship: 'mother',
          hasParentalResponsibility: true,
          hasDayToDayCare: true,
          addedOn: '2025-06-03',
        },
        new Date(`${TODAY}T10:00:00Z`),
      )
      .thenThrows(InvalidInput, /addedOn \(2025-06-03\) cannot be in the future/);
  });
});

describe('events stored before facts carried their own date stay readable', () => {
  it('dates an old link by the day it was recorded', () => {
    const old = { type: 'LinkedToFamily', data: { familyId: FAMILY } };
    expect(upcastEvent(old, () => '2024-09-03')).toEqual({
      type: 'LinkedToFamily',
      data: { familyId: FAMILY, linkedOn: '2024-09-03' },
    });
  });

  it('leaves an event that already names its day, and every other event, as it is', () => {
    expect(upcastEvent(linked, () => '2030-01-01')).toBe(linked);
    expect(upcastEvent(registered, () => '2030-01-01')).toBe(registered);
  });
});
