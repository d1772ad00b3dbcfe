/**
 * The formal measures a person records from the web pages: for each, who may (the same capability
 * as the API's endpoint), the form's fields, the API's DTO that validates them, and the domain
 * command it sends. Notices (to improve, penalty) are decided first without being recorded, so the
 * officer confirms the amounts and dates the notice will carry.
 */
import type { Capability, FormalMeasuresView } from '@app/application';
import {
  amountDue,
  CONTRACT_REVIEW_OUTCOMES,
  ESO_PROSECUTION_RELATIONS,
  PENALTY_NOTICE_ISSUERS,
  PENALTY_NOTICE_REASONS,
  PupilCommand,
  WITHDRAWAL_GROUNDS,
} from '@app/domain';
import {
  AgreeContractDto,
  ApplyEsoDto,
  GrantEsoDto,
  IssuePenaltyNoticeDto,
  NoticeToImproveDto,
  NoticeToImproveOutcomeDto,
  PaymentDto,
  PenaltyNoticeServiceDto,
  ReviewContractDto,
  WithdrawalDto,
} from '../pupils/pupil.dto';
import { Choice, dateDefaults, Field, FormValues } from './measure-form';

/** What a form is drawn from: the case's measures, today, the item acted on, the eligibility. */
export interface MeasureContext {
  view: FormalMeasuresView;
  today: string;
  itemId: string | undefined;
  offencePeriod: { from: string; to: string } | null;
}

interface Measure<D extends object> {
  title: string;
  intro: string;
  capability: Capability;
  dto: new () => D;
  /** The kind of item the measure acts on (its id in the address), if any. */
  item?: 'notice to improve' | 'penalty notice' | 'attendance contract' | 'supervision order';
  /** Decided without being recorded first, and recorded only when the person confirms. */
  confirm?: boolean;
  fields(c: MeasureContext): Field[];
  /** The form's first values besides today's date in the fields that ask for it. */
  defaults?(c: MeasureContext): FormValues;
  command(value: D, ids: { newId: string; itemId: string }): PupilCommand;
  /** The banner on the measures page once recorded. */
  recorded: string;
  button: string;
}

const words = (code: string) => {
  const s = code.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const choicesOf = (values: readonly string[], text: (v: string) => string = words): Choice[] =>
  values.map((value) => ({ value, text: text(value) }));

/** A parent or carer as the pages name them: their reference and relationship, never a name. */
export const parentLabel = (view: FormalMeasuresView, parentId: string): string => {
  const p = view.parents.find((x) => x.parentId === parentId);
  return p ? `${p.reference} (${p.relationship})` : parentId;
};
const parentChoices = (view: FormalMeasuresView): Choice[] =>
  view.parents.map((p) => ({
    value: p.parentId,
    text: parentLabel(view, p.parentId),
    hint: p.hasParentalResponsibility ? 'Has parental responsibility' : 'Has day-to-day care',
  }));

const ISSUERS: Record<string, string> = {
  headteacher: 'The headteacher',
  'authorised-deputy-or-assistant-head': 'A deputy or assistant head the headteacher authorised',
  'authorised-la-officer': 'An authorised local authority officer',
  'police-constable': 'A police constable',
};

const measure = <D extends object>(m: Measure<D>) => m as unknown as Measure<object>;

export const MEASURES = {
  'notice-to-improve': measure({
    title: 'Issue a notice to improve',
    intro:
      'A final chance before a penalty notice: the parent is told what sufficient improvement means and has an improvement period of 3 to 6 weeks.',
    capability: 'case.enforce',
    dto: NoticeToImproveDto,
    confirm: true,
    fields: ({ view }) => [
      {
        kind: 'radios',
        name: 'parentId',
        label: 'Who the notice is to',
        choices: parentChoices(view),
      },
      { kind: 'date', name: 'issuedOn', today: true, label: 'The date the notice is issued' },
      {
        kind: 'radios',
        name: 'improvementWeeks',
        label: 'The improvement period',
        hint: 'Leave unselected to use the local code of conduct’s period.',
        optional: true,
        number: true,
        choices: ['3', '4', '5', '6'].map((w) => ({ value: w, text: `${w} weeks` })),
      },
      {
        kind: 'textarea',
        name: 'sufficientImprovement',
        label: 'What sufficient improvement means',
        hint: 'For example: no unauthorised absence during the improvement period.',
      },
    ],
    command: (d: NoticeToImproveDto, ids) => ({
      type: 'IssueNoticeToImprove',
      noticeId: ids.newId,
      ...d,
    }),
    recorded: 'The notice to improve was issued.',
    button: 'Check the notice',
  }),
  'notice-to-improve-outcome': measure({
    title: 'Record the outcome of a notice to improve',
    intro: 'Whether attendance improved enough in the improvement period.',
    capability: 'case.enforce',
    dto: NoticeToImproveOutcomeDto,
    item: 'notice to improve',
    fields: () => [
      {
        kind: 'radios',
        name: 'outcome',
        label: 'The outcome',
        choices: [
          { value: 'improved', text: 'Attendance improved enough' },
          { value: 'not-improved', text: 'Attendance did not improve enough' },
        ],
      },
      { kind: 'date', name: 'recordedOn', today: true, label: 'The date of the outcome' },
    ],
    command: (d: NoticeToImproveOutcomeDto, ids) => ({
      type: 'RecordNoticeToImproveOutcome',
      noticeId: ids.itemId,
      ...d,
    }),
    recorded: 'The outcome of the notice to improve was recorded.',
    button: 'Record the outcome',
  }),
  'penalty-notice': measure({
    title: 'Issue a penalty notice',
    intro:
      'Under the national framework, to one parent for this pupil, for the offence period shown. You will see the amounts and the payment dates before the notice is recorded.',
    capability: 'case.enforce',
    dto: IssuePenaltyNoticeDto,
    confirm: true,
    fields: ({ view }) => [
      {
        kind: 'radios',
        name: 'parentId',
        label: 'Who the notice is to',
        choices: parentChoices(view),
      },
      {
        kind: 'date',
        name: 'issuedOn',
        today: true,
        label: 'The date the notice is issued',
        hint: 'The date it is posted: receipt is presumed on the working day the local code of conduct sets.',
      },
      {
        kind: 'date',
        name: 'offenceFrom',
        path: 'offencePeriod.from',
        label: 'The first day of the offence period',
      },
      {
        kind: 'date',
        name: 'offenceTo',
        path: 'offencePeriod.to',
        label: 'The last day of the offence period',
      },
      {
        kind: 'radios',
        name: 'issuedBy',
        label: 'Who issues the notice',
        choices: choicesOf(PENALTY_NOTICE_ISSUERS, (v) => ISSUERS[v] ?? words(v)),
      },
      {
        kind: 'radios',
        name: 'reason',
        label: 'The main reason for the notice',
        hint: 'Leave unselected to take it from the sessions that met the threshold.',
        optional: true,
        choices: choicesOf(PENALTY_NOTICE_REASONS),
      },
    ],
    defaults: ({ offencePeriod }) => ({
      ...dateDefaults('offenceFrom', offencePeriod?.from),
      ...dateDefaults('offenceTo', offencePeriod?.to),
      issuedBy: 'authorised-la-officer',
    }),
    command: (d: IssuePenaltyNoticeDto, ids) => ({
      type: 'IssuePenaltyNotice',
      noticeId: ids.newId,
      ...d,
    }),
    recorded: 'The penalty notice was issued.',
    button: 'Check the notice',
  }),
  payment: measure({
    title: 'Record a payment',
    intro: 'A payment of the penalty notice, on the day it was paid.',
    capability: 'case.enforce',
    dto: PaymentDto,
    item: 'penalty notice',
    fields: () => [
      { kind: 'date', name: 'paidOn', today: true, label: 'The date it was paid' },
      { kind: 'money', name: 'amount', label: 'The amount paid', hint: 'In pounds.' },
    ],
    defaults: ({ today, view, itemId }) => {
      const notice = view.penaltyNotices.find((n) => n.noticeId === itemId);
      const due = notice ? amountDue(notice, today) : null;
      return due !== null ? { amount: String(due) } : {};
    },
    command: (d: PaymentDto, ids) => ({
      type: 'RecordPenaltyNoticePayment',
      noticeId: ids.itemId,
      ...d,
    }),
    recorded: 'The payment was recorded.',
    button: 'Record the payment',
  }),
  service: measure({
    title: 'Record how the penalty notice was sent',
    intro:
      'The payment periods run from the day the parent receives the notice: by post, the working day the code of conduct presumes (the second after posting by default); by hand, that day. Recorded once: the dates then printed on the notice never move.',
    capability: 'case.enforce',
    dto: PenaltyNoticeServiceDto,
    item: 'penalty notice',
    fields: () => [
      {
        kind: 'radios',
        name: 'method',
        label: 'How it was sent',
        choices: [
          { value: 'post', text: 'By post' },
          { value: 'hand', text: 'By hand, to the parent' },
        ],
      },
      { kind: 'date', name: 'sentOn', today: true, label: 'The date it was posted or handed over' },
    ],
    command: (d: PenaltyNoticeServiceDto, ids) => ({
      type: 'RecordPenaltyNoticeService',
      noticeId: ids.itemId,
      ...d,
    }),
    recorded:
      'How the notice was sent was recorded: its payment dates now run from the day it is received.',
    button: 'Record how it was sent',
  }),
  withdrawal: measure({
    title: 'Withdraw a penalty notice',
    intro:
      'Only on the grounds the regulations allow. Money paid is refunded and the offence cannot be prosecuted later.',
    capability: 'case.enforce',
    dto: WithdrawalDto,
    item: 'penalty notice',
    fields: () => [
      { kind: 'date', name: 'withdrawnOn', today: true, label: 'The date it is withdrawn' },
      {
        kind: 'radios',
        name: 'ground',
        label: 'The ground for withdrawing it',
        choices: choicesOf(WITHDRAWAL_GROUNDS),
      },
      { kind: 'textarea', name: 'explanation', label: 'Why it is withdrawn' },
    ],
    command: (d: WithdrawalDto, ids) => ({
      type: 'WithdrawPenaltyNotice',
      noticeId: ids.itemId,
      ...d,
    }),
    recorded: 'The penalty notice was withdrawn.',
    button: 'Withdraw the notice',
  }),
  'attendance-contract': measure({
    title: 'Record an attendance contract',
    intro:
      'A written agreement the parents made with the school or the local authority: what each will do, for a stated period. It cannot be made in a parent’s absence.',
    capability: 'case.record',
    dto: AgreeContractDto,
    fields: ({ view }) => [
      {
        kind: 'checkboxes',
        name: 'parentIds',
        label: 'The parents who agreed it',
        choices: parentChoices(view),
      },
      {
        kind: 'lines',
        name: 'parentCommitments',
        label: 'What the parents will do',
        hint: 'One commitment on each line.',
      },
      {
        kind: 'lines',
        name: 'supportCommitments',
        label: 'What the school or local authority will provide',
        hint: 'One commitment on each line.',
      },
      { kind: 'date', name: 'startsOn', today: true, label: 'The date it starts' },
      { kind: 'date', name: 'endsOn', label: 'The date it ends' },
    ],
    command: (d: AgreeContractDto, ids) => ({
      type: 'AgreeAttendanceContract',
      contractId: ids.newId,
      ...d,
    }),
    recorded: 'The attendance contract was recorded.',
    button: 'Record the contract',
  }),
  'contract-review': measure({
    title: 'Record a review of an attendance contract',
    intro: 'How the contract is going, at a review meeting.',
    capability: 'case.record',
    dto: ReviewContractDto,
    item: 'attendance contract',
    fields: () => [
      { kind: 'date', name: 'reviewedOn', today: true, label: 'The date of the review' },
      {
        kind: 'radios',
        name: 'outcome',
        label: 'The outcome of the review',
        choices: choicesOf(CONTRACT_REVIEW_OUTCOMES),
      },
      { kind: 'textarea', name: 'notes', label: 'Notes', optional: true },
    ],
    command: (d: ReviewContractDto, ids) => ({
      type: 'ReviewAttendanceContract',
      contractId: ids.itemId,
      ...d,
    }),
    recorded: 'The review was recorded.',
    button: 'Record the review',
  }),
  'supervision-order': measure({
    title: 'Apply for an education supervision order',
    intro:
      'An application to the court (Children Act 1989 s36), after consulting children’s social care.',
    capability: 'case.formalise',
    dto: ApplyEsoDto,
    fields: () => [
      { kind: 'date', name: 'appliedOn', today: true, label: 'The date of the application' },
      {
        kind: 'radios',
        name: 'prosecution',
        label: 'Whether the local authority also prosecutes',
        optional: true,
        choices: choicesOf(ESO_PROSECUTION_RELATIONS),
      },
    ],
    command: (d: ApplyEsoDto, ids) => ({
      type: 'ApplyForSupervisionOrder',
      orderId: ids.newId,
      ...d,
    }),
    recorded: 'The application for an education supervision order was recorded.',
    button: 'Record the application',
  }),
  'supervision-order-granted': measure({
    title: 'Record an education supervision order granted',
    intro: 'The court made the order: it lasts a year from the day it was made.',
    capability: 'case.formalise',
    dto: GrantEsoDto,
    item: 'supervision order',
    fields: () => [
      { kind: 'date', name: 'courtDate', today: true, label: 'The date the court made the order' },
      {
        kind: 'text',
        name: 'supervisorId',
        label: 'The supervisor’s user id',
        hint: 'For example, officer-3.',
      },
    ],
    command: (d: GrantEsoDto, ids) => ({
      type: 'RecordSupervisionOrderGranted',
      orderId: ids.itemId,
      ...d,
    }),
    recorded: 'The education supervision order was recorded.',
    button: 'Record the order',
  }),
};

export type MeasureKey = keyof typeof MEASURES;
export const MEASURE_KEYS = Object.keys(MEASURES) as MeasureKey[];
