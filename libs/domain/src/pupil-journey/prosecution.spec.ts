import { InvalidInput } from '../errors';
import { contextOn, given } from '../testing/given-when-then';
import {
  DAD,
  family,
  linked,
  MUM,
  OFFENCE,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  penaltyNoticeWithdrawn,
  prosecutionOutcome,
  prosecutionStarted,
  readyForPenaltyNotice,
  registered,
  registerWeeks,
} from '../testing/journey-fixtures';
import type { PupilCommand, PupilCommandOf } from './commands';
import {
  JourneyRefused,
  PaidNoticeBarsProsecution,
  ParentNotLinked,
  PaymentPeriodRunning,
  ProsecutionOutOfTime,
  SupervisionOrderNotConsidered,
  SupportFirstRequired,
  WithdrawnNoticeBarsProsecution,
} from './decide/guards';
import type { PupilEvent } from './events';

const on = (date: string) => contextOn(date, family);
const ready = [...readyForPenaltyNotice];
const REASON = 'Social care advised against supervision';
const prosecute = (over: Partial<PupilCommandOf<'StartProsecution'>> = {}): PupilCommand => ({
  type: 'StartProsecution',
  prosecutionId: 'pros-1',
  section: 's444(1)',
  parentIds: [MUM],
  offencePeriod: OFFENCE,
  laidOn: '2025-06-10',
  esoNotAppliedForReason: REASON,
  ...over,
});
const esoApplied: PupilEvent = {
  type: 'SupervisionOrderApplied',
  data: { orderId: 'eso-1', appliedOn: '2025-04-01', ruleSetVersion: 'national-2024-08-19' },
};
const outcome = (o: 'convicted' | 'acquitted', parentingOrder = false): PupilCommand => ({
  type: 'RecordProsecutionOutcome',
  prosecutionId: 'pros-1',
  outcome: o,
  recordedOn: '2025-08-01',
  parentingOrder,
});

describe('starting a prosecution (Education Act 1996 s444)', () => {
  it('starts when the LA recorded why it did not apply for an education supervision order', () => {
    given(ready).when(prosecute(), on('2025-06-10')).then([prosecutionStarted()]);
  });

  it('starts when an education supervision order was applied for', () => {
    given([...ready, esoApplied])
      .when(prosecute({ esoNotAppliedForReason: undefined }), on('2025-06-10'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { esoConsideration: 'An education supervision order was applied for.' },
        }),
      );
  });

  it('needs an education supervision order to have been considered (s447)', () => {
    given(ready)
      .when(prosecute({ esoNotAppliedForReason: ' ' }), on('2025-06-10'))
      .thenThrows(SupervisionOrderNotConsidered, /s447/);
  });

  it('can be laid on the last day of the 6 months after the offence', () => {
    given(ready)
      .when(prosecute({ laidOn: '2025-09-14' }), on('2025-09-14'))
      .thenRecords(([e]) => expect(e.type).toBe('ProsecutionStarted'));
  });

  it('cannot be laid the day after', () => {
    given(ready)
      .when(prosecute({ laidOn: '2025-09-15' }), on('2025-09-15'))
      .thenThrows(ProsecutionOutOfTime, /by 2025-09-14/);
  });

  it('cannot be laid before the offence period ends', () => {
    given(ready)
      .when(prosecute({ laidOn: '2025-03-13' }), on('2025-06-10'))
      .thenThrows(InvalidInput, /before the offence period ends/);
  });

  it('is barred by a paid penalty notice for the same offence', () => {
    given([
      ...ready,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1),
      penaltyNoticePaid('pn-1', '2025-05-20', 80),
    ])
      .when(prosecute(), on('2025-06-10'))
      .thenThrows(PaidNoticeBarsProsecution, /pn-1 was paid/);
  });

  it('is not barred by another parent’s paid notice', () => {
    given([
      ...ready,
      penaltyNoticeIssued('pn-1', DAD, '2025-05-05', 1),
      penaltyNoticePaid('pn-1', '2025-05-20', 80),
    ])
      .when(prosecute(), on('2025-06-10'))
      .thenRecords(([e]) => expect(e.type).toBe('ProsecutionStarted'));
  });

  it('is barred by a withdrawn notice for the same offence', () => {
    given([
      ...ready,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1),
      penaltyNoticeWithdrawn('pn-1', '2025-06-03'),
    ])
      .when(prosecute(), on('2025-06-10'))
      .thenThrows(WithdrawnNoticeBarsProsecution, /pn-1 was withdrawn/);
  });

  it('waits while a notice for the offence can still be paid', () => {
    given([...ready, penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1)])
      .when(prosecute({ laidOn: '2025-06-01' }), on('2025-06-01'))
      .thenThrows(PaymentPeriodRunning, /can be paid until 2025-06-01/);
  });

  it('starts once a notice for the offence is left unpaid after 28 days', () => {
    given([...ready, penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1)])
      .when(prosecute({ laidOn: '2025-06-02' }), on('2025-06-02'))
      .thenRecords(([e]) => expect(e.type).toBe('ProsecutionStarted'));
  });

  it('resolves the unpaid notice it follows, so the case can close', () => {
    const history = [
      ...ready,
      penaltyNoticeIssued('pn-1', MUM, '2025-05-05', 1),
      prosecutionStarted('pros-1', [MUM], OFFENCE, '2025-06-03'),
    ];
    given(history)
      .when({ type: 'CloseCase', reason: 'improved' }, on('2025-06-04'))
      .thenRecords(([e]) => expect(e.type).toBe('CaseClosed'));
  });

  it('is not brought twice against a parent for the same offence', () => {
    given([...ready, prosecutionStarted()])
      .when(prosecute({ prosecutionId: 'pros-2' }), on('2025-06-11'))
      .thenThrows(JourneyRefused, /pros-1 already covers this parent/);
  });

  it('may be brought again after the LA withdrew the first', () => {
    given([...ready, prosecutionStarted(), prosecutionOutcome('withdrawn')])
      .when(prosecute({ prosecutionId: 'pros-2' }), on('2025-08-02'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { prosecutionId: 'pros-2' } }));
  });

  it('needs support first', () => {
    given([registered, linked, ...registerWeeks(1)])
      .when(prosecute(), on('2025-06-10'))
      .thenThrows(SupportFirstRequired);
  });

  it('names the parents prosecuted', () => {
    given(ready)
      .when(prosecute({ parentIds: [] }), on('2025-06-10'))
      .thenThrows(InvalidInput, /Name the parent/);
  });

  it('names only parents of the pupil’s family', () => {
    given(ready)
      .when(prosecute({ parentIds: [MUM, 'stranger'] }), on('2025-06-10'))
      .thenThrows(ParentNotLinked, /stranger/);
  });

  it('refuses a repeated prosecution id', () => {
    given([...ready, prosecutionStarted()])
      .when(prosecute({ parentIds: [DAD] }), on('2025-06-10'))
      .thenThrows(JourneyRefused, /already recorded/);
  });
});

describe('the outcome of a prosecution', () => {
  const started = [...ready, prosecutionStarted()];

  it('records a conviction with a parenting order', () => {
    given(started)
      .when(outcome('convicted', true), on('2025-08-01'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { outcome: 'convicted', parentingOrder: true } }),
      );
  });

  it('records the sentence given', () => {
    given(started)
      .when(
        {
          ...outcome('convicted'),
          sentence: 'Fine of £300',
          parentingOrder: undefined,
        } as PupilCommand,
        on('2025-08-01'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { sentence: 'Fine of £300', parentingOrder: false } }),
      );
  });

  it('refuses a parenting order without a conviction', () => {
    given(started)
      .when(outcome('acquitted', true), on('2025-08-01'))
      .thenThrows(InvalidInput, /only follow a conviction/);
  });

  it('records an outcome only for a prosecution on this journey', () => {
    given(started)
      .when({ ...outcome('acquitted'), prosecutionId: 'nope' } as PupilCommand, on('2025-08-01'))
      .thenThrows(JourneyRefused, /no such prosecution/);
  });

  it('records the outcome once', () => {
    given([...started, prosecutionOutcome('acquitted')])
      .when(outcome('convicted'), on('2025-08-02'))
      .thenThrows(JourneyRefused, /already recorded \(acquitted\)/);
  });
});
