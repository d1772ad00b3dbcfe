/**
 * What a notice will carry, in words, from the event `decide` produced for it (never worked out
 * again here): the parent, the dates, the amounts and the payment deadlines, and what it relies on.
 */
import type { FormalMeasuresView } from '@app/application';
import { prosecuteOrWithdrawDue, PupilEvent } from '@app/domain';
import { parentLabel } from './measures';
import { ukDate } from './views';

export interface Row {
  key: { text: string };
  value: { text: string };
}

const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });
const words = (code: string) => code.replace(/-/g, ' ');
const pounds = (n: number) => `£${n}`;

export function noticeTerms(event: PupilEvent, view: FormalMeasuresView): Row[] {
  switch (event.type) {
    case 'NoticeToImproveIssued': {
      const d = event.data;
      return [
        row('To', parentLabel(view, d.parentId)),
        row('Issued on', ukDate(d.issuedOn)),
        row(
          'Improvement period',
          `${d.improvementWeeks} weeks, ending on ${ukDate(d.periodEndsOn)}`,
        ),
        row('Sufficient improvement means', d.sufficientImprovement),
      ];
    }
    case 'PenaltyNoticeIssued': {
      const d = event.data;
      const amounts =
        d.reducedAmount !== null && d.reducedRateEnds !== null
          ? `${pounds(d.reducedAmount)} if paid by ${ukDate(d.reducedRateEnds)}, or ${pounds(d.amount)} if paid by ${ukDate(d.paymentEnds)}`
          : `${pounds(d.amount)} if paid by ${ukDate(d.paymentEnds)} (no reduced amount for a second notice)`;
      return [
        row('To', parentLabel(view, d.parentId)),
        row('Issued (posted) on', ukDate(d.issuedOn)),
        row('Presumed received on', `${ukDate(d.servedOn)}: day 1 of both payment periods`),
        row('Offence period', `${ukDate(d.offencePeriod.from)} to ${ukDate(d.offencePeriod.to)}`),
        row(
          'Which notice',
          d.sequence === 1
            ? 'The first to this parent for this pupil in 3 years'
            : 'The second to this parent for this pupil in 3 years',
        ),
        row('Amount', amounts),
        row(
          'If unpaid',
          `From ${ukDate(prosecuteOrWithdrawDue(d.paymentEnds))} the local authority must prosecute or withdraw the notice`,
        ),
        row(
          'Unauthorised sessions',
          `${d.threshold.count} in the school weeks from ${ukDate(d.threshold.firstSchoolWeek ?? '')} to ${ukDate(d.threshold.lastSchoolWeek ?? '')}`,
        ),
        row(
          'Issued after',
          d.noticeToImproveId
            ? 'A notice to improve whose period ended without sufficient improvement'
            : `No notice to improve: support was not appropriate (${words(d.supportNotAppropriate ?? 'not recorded')})`,
        ),
        row('Main reason', d.reason ? words(d.reason) : 'not recorded'),
      ];
    }
    default:
      return [];
  }
}
