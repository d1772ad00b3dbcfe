import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, PupilEventOf, pupilJourneyDecider, pupilStreamId } from '@app/domain';
import { type EventStore, headPosition } from '@app/event-store';
import {
  DocumentStore,
  PENALTY_NOTICES_BY_REFERENCE,
  PenaltyNoticeByReference,
  penaltyNoticeIndexProjection,
  ProjectionReader,
} from '@app/read-models';
import type { CommandMetadata } from '../commands/command-metadata';
import { loadStream } from '../commands/stream-executor';
import type { CaseAccessCheck } from '../pupils/case-access';
import { ExecutePupilCommand } from '../pupils/pupil-commands';
import { ReadYourWrites } from '../read-models/read-your-writes';
import { DOCUMENT_STORE, EVENT_STORE } from '../tokens';
import { PaymentRow, readPaymentsCsv } from './payments-csv';

/** Why a payment could not be recorded against a notice: each needs a person to look at it. */
export type UnmatchedReason =
  | 'unreadable-line'
  | 'duplicate-in-file'
  | 'unknown-reference'
  | 'wrong-amount'
  | 'reduced-amount-late'
  | 'date-before-issue'
  | 'date-in-future'
  | 'already-paid'
  | 'notice-withdrawn'
  | 'notice-prosecuted'
  | 'paid-after-28-days'
  | 'case-closed'
  | 'refused';

export interface UnmatchedPayment {
  line: number;
  reference: string | null;
  amount: number | null;
  datePaid: string | null;
  reason: UnmatchedReason;
  /** What the journey said, for the officer (amounts and dates only). */
  detail: string;
}

export interface PaymentsImportReport {
  /** Payment lines in the file (the header not counted). */
  lines: number;
  /** Payments recorded by this import. */
  recorded: number;
  /** Payments the journey already held (the same file sent again): nothing new recorded. */
  alreadyRecorded: number;
  /** Every line not recorded, in line order, with why: none of these parents may be prosecuted unseen. */
  unmatched: UnmatchedPayment[];
}

const DOMAIN_REASONS: Record<string, UnmatchedReason> = {
  'wrong-amount': 'wrong-amount',
  'reduced-period-ended': 'reduced-amount-late',
  'payment-too-late': 'paid-after-28-days',
  'case-closed': 'case-closed',
};

/**
 * Matches a payment provider's file to penalty notices by reference and records each payment
 * through the same pupil command the API uses. Idempotent: a payment the journey already holds (same
 * notice, amount and date) is counted as already recorded, so the same file twice records nothing.
 */
@Injectable()
export class PaymentsImport {
  private readonly notices: ProjectionReader;

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    private readonly consistency: ReadYourWrites,
  ) {
    this.notices = new ProjectionReader(documents, penaltyNoticeIndexProjection);
  }

  async import(
    csv: string,
    metadata: CommandMetadata,
    access?: CaseAccessCheck,
  ): Promise<PaymentsImportReport> {
    const lines = readPaymentsCsv(csv);
    const report: PaymentsImportReport = {
      lines: lines.length,
      recorded: 0,
      alreadyRecorded: 0,
      unmatched: [],
    };
    const seen = new Set<string>();
    let caughtUp = false;
    for (const line of lines) {
      if (line.kind === 'unreadable') {
        report.unmatched.push({
          line: line.line,
          reference: line.reference,
          amount: null,
          datePaid: null,
          reason: 'unreadable-line',
          detail: line.reason,
        });
        continue;
      }
      const { row } = line;
      const unmatched = (reason: UnmatchedReason, detail: string) =>
        report.unmatched.push({
          line: row.line,
          reference: row.reference,
          amount: row.amount,
          datePaid: row.datePaid,
          reason,
          detail,
        });
      const key = `${row.reference}|${row.amount}|${row.datePaid}`;
      if (seen.has(key)) {
        unmatched('duplicate-in-file', 'The same payment appears earlier in this file.');
        continue;
      }
      seen.add(key);
      let notice = await this.notices.get(PENALTY_NOTICES_BY_REFERENCE, row.reference);
      if (!notice && !caughtUp) {
        // A notice issued a moment ago may not be indexed yet: catch up once before saying "unknown".
        await this.catchUp();
        caughtUp = true;
        notice = await this.notices.get(PENALTY_NOTICES_BY_REFERENCE, row.reference);
      }
      if (!notice) {
        unmatched('unknown-reference', 'No penalty notice has this reference.');
        continue;
      }
      const outcome = await this.record(row, notice, metadata, access);
      if (outcome === 'recorded') report.recorded += 1;
      else if (outcome === 'already-recorded') report.alreadyRecorded += 1;
      else unmatched(outcome.reason, outcome.detail);
    }
    return report;
  }

  private async record(
    row: PaymentRow,
    notice: PenaltyNoticeByReference,
    metadata: CommandMetadata,
    access?: CaseAccessCheck,
  ): Promise<'recorded' | 'already-recorded' | { reason: UnmatchedReason; detail: string }> {
    try {
      await this.commands.execute(
        new ExecutePupilCommand(
          notice.pupilId,
          {
            type: 'RecordPenaltyNoticePayment',
            noticeId: row.reference,
            paidOn: row.datePaid,
            amount: row.amount,
          },
          metadata,
          { access },
        ),
      );
      return 'recorded';
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'notice-not-payable') return this.whyNotPayable(row, notice);
      if (error.code === 'invalid-input' && error.details.field === 'paidOn')
        return {
          reason: row.datePaid < notice.issuedOn ? 'date-before-issue' : 'date-in-future',
          detail: error.message,
        };
      return { reason: DOMAIN_REASONS[error.code] ?? 'refused', detail: error.message };
    }
  }

  /** A notice that is no longer payable: this very payment already recorded, or something to look at. */
  private async whyNotPayable(
    row: PaymentRow,
    notice: PenaltyNoticeByReference,
  ): Promise<'already-recorded' | { reason: UnmatchedReason; detail: string }> {
    const { state, events } = await loadStream(
      this.store,
      pupilStreamId(notice.pupilId),
      pupilJourneyDecider.evolve,
      pupilJourneyDecider.initialState,
    );
    const payment = events
      .filter((e) => e.type === 'PenaltyNoticePaid')
      .map((e) => e.data as PupilEventOf<'PenaltyNoticePaid'>['data'])
      .find((p) => p.noticeId === row.reference);
    if (payment && payment.amount === row.amount && payment.paidOn === row.datePaid)
      return 'already-recorded';
    if (payment)
      return {
        reason: 'already-paid',
        detail: `The notice was already paid: £${payment.amount} on ${payment.paidOn}. A refund may be due.`,
      };
    const status = state.penaltyNotices.find((n) => n.noticeId === row.reference)?.status;
    return status === 'prosecuted'
      ? { reason: 'notice-prosecuted', detail: 'A prosecution has been started for this notice.' }
      : {
          reason: 'notice-withdrawn',
          detail: 'The notice was withdrawn; the payment should be refunded.',
        };
  }

  private async catchUp(): Promise<void> {
    await this.consistency.wait((await headPosition(this.store))?.toString());
  }
}
