import { InvalidInput } from '../errors';
import { FormalRouteRefused } from '../rules';
import { contextOn, given } from '../testing/given-when-then';
import {
  family,
  linked,
  MUM,
  ntiIssued,
  ntiNotImproved,
  registered,
  registeredWith,
  registerWeeks,
  supportOffered,
} from '../testing/journey-fixtures';
import type { PupilCommand, PupilCommandOf } from './commands';
import {
  IndependentSchoolPupil,
  JourneyRefused,
  NotOfCompulsorySchoolAge,
  ParentNotLinked,
  SupportFirstRequired,
} from './decide/guards';

const on = (date: string) => contextOn(date, family);
const ready = [registered, linked, ...registerWeeks(1), supportOffered];
const nti = (over: Partial<PupilCommandOf<'IssueNoticeToImprove'>> = {}): PupilCommand => ({
  type: 'IssueNoticeToImprove',
  noticeId: 'nti-1',
  parentId: MUM,
  issuedOn: '2025-03-17',
  sufficientImprovement: 'No unauthorised absence',
  ...over,
});
const outcome = (recordedOn: string, noticeId = `nti-${MUM}`): PupilCommand => ({
  type: 'RecordNoticeToImproveOutcome',
  noticeId,
  outcome: 'not-improved',
  recordedOn,
});

describe('issuing a notice to improve', () => {
  it('gives the code of conduct’s improvement period by default, saying what sufficient improvement means', () => {
    given(ready)
      .when(nti(), on('2025-03-17'))
      .then([
        {
          type: 'NoticeToImproveIssued',
          data: {
            noticeId: 'nti-1',
            parentId: MUM,
            issuedOn: '2025-03-17',
            improvementWeeks: 6,
            periodEndsOn: '2025-04-28',
            sufficientImprovement: 'No unauthorised absence',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
      ]);
  });

  it('accepts an improvement period of 3 weeks', () => {
    given(ready)
      .when(nti({ improvementWeeks: 3 }), on('2025-03-17'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { periodEndsOn: '2025-04-07' } }));
  });

  it('refuses an improvement period of 7 weeks', () => {
    given(ready)
      .when(nti({ improvementWeeks: 7 }), on('2025-03-17'))
      .thenThrows(FormalRouteRefused, /3 to 6/);
  });

  it('needs support first', () => {
    given([registered, linked]).when(nti(), on('2025-03-17')).thenThrows(SupportFirstRequired);
  });

  it('is one at a time per parent', () => {
    given([...ready, ntiIssued(MUM)])
      .when(nti({ noticeId: 'nti-2' }), on('2025-03-18'))
      .thenThrows(JourneyRefused, /already has a notice to improve/);
  });

  it('names only a parent of the pupil’s family', () => {
    given(ready)
      .when(nti({ parentId: 'stranger' }), on('2025-03-17'))
      .thenThrows(ParentNotLinked);
  });

  it('is not for a pupil at an independent school', () => {
    given([registeredWith({ schoolType: 'independent' }), linked, supportOffered])
      .when(nti(), on('2025-03-17'))
      .thenThrows(IndependentSchoolPupil);
  });

  it('is only for a pupil of compulsory school age', () => {
    given([registeredWith({ dateOfBirth: '2008-05-10' }), linked, supportOffered])
      .when(nti(), on('2025-03-17'))
      .thenThrows(NotOfCompulsorySchoolAge);
  });

  it('cannot be dated in the future', () => {
    given(ready)
      .when(nti({ issuedOn: '2025-03-18' }), on('2025-03-17'))
      .thenThrows(InvalidInput);
  });
});

describe('the outcome of a notice to improve', () => {
  const history = [...ready, ntiIssued(MUM)];

  it('is not recorded while the improvement period runs', () => {
    given(history)
      .when(outcome('2025-04-27'), on('2025-04-27'))
      .thenThrows(JourneyRefused, /runs until 2025-04-28/);
  });

  it('is recorded on the day the period ends', () => {
    given(history)
      .when(outcome('2025-04-28'), on('2025-04-28'))
      .then([ntiNotImproved(MUM, '2025-04-28')]);
  });

  it('is recorded once', () => {
    given([...history, ntiNotImproved()])
      .when(outcome('2025-04-29'), on('2025-04-29'))
      .thenThrows(JourneyRefused, /already recorded \(not-improved\)/);
  });

  it('is recorded only for a notice on this journey', () => {
    given(history)
      .when(outcome('2025-04-29', 'nope'), on('2025-04-29'))
      .thenThrows(JourneyRefused, /no such notice/);
  });
});
