import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import { family, registered } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { JourneyRefused } from './decide/guards';
import type { PupilEvent } from './events';

const on = (date: string) => contextOn(date, family);
const V = 'national-2024-08-19';

const referred: PupilEvent = {
  type: 'EducationNeglectReferralMade',
  data: {
    referralId: 'en-1',
    route: 's47',
    referredOn: '2025-05-01',
    reason: 'Severe absence after all support',
    ruleSetVersion: V,
  },
};
const respond = (response: string, respondedOn: string, notes?: string): PupilCommand =>
  ({
    type: 'RecordSocialCareResponse',
    referralId: 'en-1',
    response,
    respondedOn,
    ...(notes !== undefined ? { notes } : {}),
  }) as PupilCommand;
const responded = (response: string, respondedOn: string): PupilEvent =>
  ({
    type: 'SocialCareResponseRecorded',
    data: { referralId: 'en-1', response, respondedOn, notes: '' },
  }) as PupilEvent;

describe("children's social care's response to an education-neglect referral (WTISA 2024 para 134; Children Act 1989 s17, s47)", () => {
  it('records the response with the day it was given and its notes', () => {
    given([registered, referred])
      .when(respond('s17', '2025-05-09', ' Child in need plan from 12 May '), on('2025-05-12'))
      .then([
        {
          type: 'SocialCareResponseRecorded',
          data: {
            referralId: 'en-1',
            response: 's17',
            respondedOn: '2025-05-09',
            notes: 'Child in need plan from 12 May',
          },
        },
      ]);
  });

  it('keeps the latest response on the referral', () => {
    const state = fold([registered, referred, responded('accepted', '2025-05-05')]);
    expect(state.neglectReferrals).toEqual([
      {
        referralId: 'en-1',
        route: 's47',
        referredOn: '2025-05-01',
        response: { response: 'accepted', respondedOn: '2025-05-05' },
      },
    ]);
  });

  it('follows an acceptance with the route social care took', () => {
    given([registered, referred, responded('accepted', '2025-05-05')])
      .when(respond('s47', '2025-05-20'), on('2025-05-21'))
      .then([responded('s47', '2025-05-20')]);
  });

  it('is only for a referral on this journey', () => {
    given([registered])
      .when(respond('accepted', '2025-05-05'), on('2025-05-06'))
      .thenThrows(JourneyRefused, /no such education-neglect referral/);
  });

  it('is one of accepted, s17, s47 or no further action', () => {
    given([registered, referred])
      .when(respond('s20', '2025-05-05'), on('2025-05-06'))
      .thenThrows(InvalidInput, /response must be one of: accepted, s17, s47, no-further-action/);
  });

  it('cannot be given before the referral was made', () => {
    given([registered, referred])
      .when(respond('accepted', '2025-04-30'), on('2025-05-06'))
      .thenThrows(InvalidInput, /before the referral \(2025-05-01\)/);
  });

  it('cannot be dated in the future', () => {
    given([registered, referred])
      .when(respond('accepted', '2025-05-07'), on('2025-05-06'))
      .thenThrows(InvalidInput, /cannot be in the future/);
  });

  it('cannot be dated before the last response', () => {
    given([registered, referred, responded('accepted', '2025-05-05')])
      .when(respond('s17', '2025-05-04'), on('2025-05-06'))
      .thenThrows(InvalidInput, /before the last response \(2025-05-05\)/);
  });

  it('records the same response once', () => {
    given([registered, referred, responded('s17', '2025-05-05')])
      .when(respond('s17', '2025-05-06'), on('2025-05-06'))
      .thenThrows(JourneyRefused, /already recorded for this referral, on 2025-05-05/);
  });

  it('closes the referral after no further action: a new concern is a new referral', () => {
    given([registered, referred, responded('no-further-action', '2025-05-05')])
      .when(respond('s17', '2025-05-06'), on('2025-05-06'))
      .thenThrows(JourneyRefused, /no further action on 2025-05-05; make a new referral/);
  });
});
