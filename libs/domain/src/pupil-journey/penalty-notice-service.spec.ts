import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import {
  family,
  MUM,
  OFFENCE,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  penaltyNoticeWithdrawn,
  readyForPenaltyNotice,
} from '../testing/journey-fixtures';
import type { PupilCommandOf } from './commands';
import { DeadlineNoLongerApplies } from './decide/deadlines';
import { JourneyRefused } from './decide/guards';
import { DEADLINE_ACTIONS, deadlinesFrom } from './deadlines';
import type { PupilEvent } from './events';

const V = NATIONAL_DEFAULTS.version;
const on = (date: string) => contextOn(date, family);
/** Issued on Monday 1 September 2025 (presumed received on Wednesday 3rd until service is recorded). */
const issued = [...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-09-01', 1)];
const serve = (
  method: 'post' | 'hand',
  sentOn: string,
  noticeId = 'pn-1',
): PupilCommandOf<'RecordPenaltyNoticeService'> => ({
  type: 'RecordPenaltyNoticeService',
  noticeId,
  method,
  sentOn,
});
const served = (
  method: 'post' | 'hand',
  sentOn: string,
  servedOn: string,
  reducedRateEnds: string | null,
  paymentEnds: string,
): PupilEvent => ({
  type: 'PenaltyNoticeServed',
  data: {
    noticeId: 'pn-1',
    method,
    sentOn,
    servedOn,
    offencePeriod: OFFENCE,
    reducedRateEnds,
    paymentEnds,
    ruleSetVersion: V,
  },
});

describe('recording how a penalty notice was served (SI 2007/1867 reg 4: periods beginning with receipt)', () => {
  it('given a notice posted on Friday 5 September 2025, when its posting is recorded, then it is received on Tuesday 9th (2 working days) and £80 runs to 29 September, £160 to 6 October', () => {
    given(issued)
      .when(serve('post', '2025-09-05'), on('2025-09-05'))
      .then([served('post', '2025-09-05', '2025-09-09', '2025-09-29', '2025-10-06')]);
  });

  it('given a notice handed to the parent on Monday 8 September, when that is recorded, then it is received that day: £80 to 28 September, £160 to 5 October', () => {
    given(issued)
      .when(serve('hand', '2025-09-08'), on('2025-09-10'))
      .then([served('hand', '2025-09-08', '2025-09-08', '2025-09-28', '2025-10-05')]);
  });

  it('given a second notice (no reduced amount), when it is posted, then only the 28 days run from receipt', () => {
    given([...readyForPenaltyNotice, penaltyNoticeIssued('pn-1', MUM, '2025-09-01', 2)])
      .when(serve('post', '2025-09-01'), on('2025-09-01'))
      .then([served('post', '2025-09-01', '2025-09-03', null, '2025-09-30')]);
  });

  it('given the service recorded, when the journey is folded, then the notice carries the new dates and how it was sent', () => {
    const state = fold([
      ...issued,
      served('post', '2025-09-05', '2025-09-09', '2025-09-29', '2025-10-06'),
    ]);
    expect(state.penaltyNotices[0]).toMatchObject({
      servedOn: '2025-09-09',
      reducedRateEnds: '2025-09-29',
      paymentEnds: '2025-10-06',
      service: { method: 'post', sentOn: '2025-09-05' },
    });
  });

  it('given the service already recorded, when it is recorded again, then it is refused and the dates the parent was given stand', () => {
    given([...issued, served('post', '2025-09-05', '2025-09-09', '2025-09-29', '2025-10-06')])
      .when(serve('hand', '2025-09-06'), on('2025-09-08'))
      .thenThrows(JourneyRefused, /recorded already \(posted on 2025-09-05, received 2025-09-09\)/);
  });

  it('given a paid notice, when its service is recorded, then it is refused', () => {
    given([...issued, penaltyNoticePaid('pn-1', '2025-09-10', 80)])
      .when(serve('post', '2025-09-05'), on('2025-09-12'))
      .thenThrows(JourneyRefused, /paid; its service can no longer be recorded/);
  });

  it('given a withdrawn notice, when its service is recorded, then it is refused', () => {
    given([...issued, penaltyNoticeWithdrawn('pn-1', '2025-09-03')])
      .when(serve('post', '2025-09-05'), on('2025-09-05'))
      .thenThrows(JourneyRefused, /withdrawn/);
  });

  it('given a notice issued on 1 September, when it is said to have been sent on 31 August, then it is refused naming the field', () => {
    given(issued)
      .when(serve('post', '2025-08-31'), on('2025-09-05'))
      .thenThrows(
        InvalidInput,
        /cannot have been sent \(2025-08-31\) before it was issued \(2025-09-01\)/,
      );
  });

  it('refuses a date in the future, an unknown method and an unknown notice', () => {
    given(issued).when(serve('post', '2025-09-06'), on('2025-09-05')).thenThrows(InvalidInput);
    given(issued)
      .when({ ...serve('post', '2025-09-05'), method: 'email' as 'post' }, on('2025-09-05'))
      .thenThrows(InvalidInput, /method/);
    given(issued)
      .when(serve('post', '2025-09-05', 'pn-404'), on('2025-09-05'))
      .thenThrows(JourneyRefused, /no such penalty notice/);
  });
});

describe('deadlines after service is recorded', () => {
  const servedEvent = served('post', '2025-09-05', '2025-09-09', '2025-09-29', '2025-10-06');
  const fromIssue = deadlinesFrom(issued[issued.length - 1], NATIONAL_DEFAULTS);
  const fromService = deadlinesFrom(servedEvent, NATIONAL_DEFAULTS);
  const unpaid = (list: typeof fromIssue) =>
    list.find((d) => d.kind === 'penalty-notice-payment-period-ended')!;

  it('plans the deadlines again from the day of receipt, under new ids', () => {
    expect(fromService.map((d) => [d.kind, d.dueOn])).toEqual([
      ['penalty-notice-reduced-rate-ended', '2025-09-30'],
      ['penalty-notice-payment-period-ended', '2025-10-07'],
      ['prosecution-time-limit-approaching', '2025-10-07'],
    ]);
    const ids = new Set(fromIssue.map((d) => d.deadlineId));
    expect(fromService.some((d) => ids.has(d.deadlineId))).toBe(false);
  });

  it('given service recorded, when the job planned from the day of issue fires, then nothing is recorded and the new date is named', () => {
    const stale = unpaid(fromIssue);
    given([...issued, servedEvent])
      .when({ type: 'RecordDeadlineReached', ...stale }, on(stale.dueOn))
      .thenThrows(
        DeadlineNoLongerApplies,
        /received on 2025-09-09, so this now falls due on 2025-10-07/,
      );
  });

  it('given service recorded, when the job planned from receipt fires, then the deadline is recorded', () => {
    const due = unpaid(fromService);
    given([...issued, servedEvent])
      .when({ type: 'RecordDeadlineReached', ...due }, on(due.dueOn))
      .then([
        {
          type: 'DeadlineReached',
          data: { ...due, action: DEADLINE_ACTIONS[due.kind], reachedOn: due.dueOn },
        },
      ]);
  });
});
