import { InvalidInput } from '../errors';
import { contextOn, given } from '../testing/given-when-then';
import {
  family,
  MUM,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  penaltyNoticeWithdrawn,
  prosecutionStarted,
  readyForPenaltyNotice,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { JourneyRefused, NoticeNotPayable, ReducedPeriodEnded } from './decide/guards';

const on = (date: string) => contextOn(date, family);
/**
 * Received on Monday 5 May 2025. SI 2007/1867 reg 4 (as amended by SI 2024/210): "the period of 21
 * [28] days beginning with the date on which the notice is received", so 5 May is day 1, day 21 is
 * 25 May and day 28 is 1 June.
 */
const issued = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1)];
const pay = (paidOn: string, amount: number, noticeId = 'pn-1'): PupilCommand => ({
  type: 'RecordPenaltyNoticePayment',
  noticeId,
  paidOn,
  amount,
});
const withdraw = (withdrawnOn: string, ground = 'material-error'): PupilCommand => ({
  type: 'WithdrawPenaltyNotice',
  noticeId: 'pn-1',
  withdrawnOn,
  ground: ground as 'material-error',
  explanation: 'Wrong dates on the notice',
});

describe('paying a penalty notice (SI 2007/1867 reg 4, as amended by SI 2024/210)', () => {
  it('takes £80 on day 21 (25 May), counting the day of receipt as day 1', () => {
    given(issued)
      .when(pay('2025-05-25', 80), on('2025-05-25'))
      .then([penaltyNoticePaid('pn-1', '2025-05-25', 80)]);
  });

  it('does not take £80 on day 22 (26 May) as payment in full, and tells the caseworker what is due and until when', () => {
    given(issued)
      .when(pay('2025-05-26', 80), on('2025-05-26'))
      .thenThrows(
        ReducedPeriodEnded,
        '£80 is not payment in full: the reduced amount could be paid only until 2025-05-25 (the 21 days beginning with 2025-05-05, the day the notice was received), and on 2025-05-26 £160 is due. Nothing was recorded and the notice stays unpaid. The parent can pay £160 until 2025-06-01; after that the local authority must prosecute or withdraw the notice. If the local authority keeps the £80 towards the £160, record one payment of £160 on the day the rest is paid; otherwise return it.',
      );
  });

  it('wants £80, not £160, within the 21 days', () => {
    given(issued)
      .when(pay('2025-05-20', 160), on('2025-05-20'))
      .thenThrows(JourneyRefused, '£80 is due for payment on 2025-05-20, not £160.');
  });

  it('takes £160 on day 22 (26 May)', () => {
    given(issued)
      .when(pay('2025-05-26', 160), on('2025-05-26'))
      .then([penaltyNoticePaid('pn-1', '2025-05-26', 160)]);
  });

  it('takes £160 on day 28 (1 June)', () => {
    given(issued)
      .when(pay('2025-06-01', 160), on('2025-06-01'))
      .then([penaltyNoticePaid('pn-1', '2025-06-01', 160)]);
  });

  it('takes no payment on day 29 (2 June): the LA must prosecute or withdraw', () => {
    given(issued)
      .when(pay('2025-06-02', 160), on('2025-06-02'))
      .thenThrows(
        JourneyRefused,
        /ended on 2025-06-01; the local authority must now prosecute or withdraw/,
      );
  });

  it('wants £160 for a second notice even on its first day', () => {
    given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-2', MUM, '2025-05-05', 2)])
      .when(pay('2025-05-05', 80, 'pn-2'), on('2025-05-05'))
      .thenThrows(JourneyRefused, /£160 is due/);
  });

  it('takes no payment dated in the future', () => {
    given(issued)
      .when(pay('2025-05-20', 80), on('2025-05-10'))
      .thenThrows(InvalidInput, /future/);
  });

  it('takes no payment dated before the notice was issued', () => {
    given(issued)
      .when(pay('2025-05-04', 80), on('2025-05-10'))
      .thenThrows(InvalidInput, /before the notice was issued \(2025-05-05\)/);
  });

  it('takes no second payment', () => {
    given([...issued, penaltyNoticePaid('pn-1', '2025-05-20', 80)])
      .when(pay('2025-05-21', 80), on('2025-05-21'))
      .thenThrows(NoticeNotPayable, /is paid/);
  });

  it('takes no payment for a withdrawn notice', () => {
    given([...issued, penaltyNoticeWithdrawn('pn-1', '2025-05-10')])
      .when(pay('2025-05-20', 80), on('2025-05-20'))
      .thenThrows(NoticeNotPayable, /withdrawn; it cannot be paid/);
  });

  it('takes no payment for a notice it does not know', () => {
    given(issued)
      .when(pay('2025-05-21', 80, 'pn-x'), on('2025-05-21'))
      .thenThrows(JourneyRefused, /no such penalty notice/);
  });
});

describe('withdrawing a penalty notice (SI 2007/1867 reg 19)', () => {
  it('withdraws on a listed ground, refunding what was paid', () => {
    given([...issued, penaltyNoticePaid('pn-1', '2025-05-20', 80)])
      .when(withdraw('2025-06-10'), on('2025-06-10'))
      .then([penaltyNoticeWithdrawn('pn-1', '2025-06-10', 80)]);
  });

  it('withdraws an unpaid notice after 28 days, with nothing to refund', () => {
    given(issued)
      .when(withdraw('2025-06-10'), on('2025-06-10'))
      .then([penaltyNoticeWithdrawn('pn-1', '2025-06-10', 0)]);
  });

  it('withdraws on no other ground', () => {
    given(issued)
      .when(withdraw('2025-06-10', 'parent-complained'), on('2025-06-10'))
      .thenThrows(
        JourneyRefused,
        /only be withdrawn on one of these grounds: ought-not-to-have-been-issued/,
      );
  });

  it('withdraws only a notice on this journey', () => {
    given(issued)
      .when({ ...withdraw('2025-06-10'), noticeId: 'pn-x' } as PupilCommand, on('2025-06-10'))
      .thenThrows(JourneyRefused, /no such penalty notice/);
  });

  it('cannot withdraw twice', () => {
    given([...issued, penaltyNoticeWithdrawn('pn-1', '2025-06-10')])
      .when(withdraw('2025-06-11'), on('2025-06-11'))
      .thenThrows(JourneyRefused, /already withdrawn/);
  });

  it('cannot be dated before the notice was issued', () => {
    given(issued)
      .when(withdraw('2025-05-01'), on('2025-06-11'))
      .thenThrows(InvalidInput, /before the notice was issued/);
  });

  it('cannot withdraw a notice once a prosecution for it has started', () => {
    given([...issued, prosecutionStarted('pros-1', [MUM], undefined, '2025-06-10')])
      .when(withdraw('2025-06-11'), on('2025-06-11'))
      .thenThrows(JourneyRefused, /prosecution has started/);
  });
});
