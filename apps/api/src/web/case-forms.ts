/**
 * The forms on a pupil's case (a concern, a support action and its outcome, a review of an
 * attendance contract, a referral to the attendance panel): each one's fields read into the body
 * the API's DTO for the same command validates, with GOV.UK messages for what the form alone can
 * tell is missing, and the command the body becomes. Rules stay in the DTOs and the domain.
 */
import {
  CONTRACT_REVIEW_OUTCOMES,
  PupilCommand,
  PupilJourneySummary,
  SUPPORT_KINDS,
  SUPPORT_OUTCOMES,
} from '@app/domain';
import {
  RaiseConcernDto,
  RecordSupportActionDto,
  RecordSupportOutcomeDto,
  ReferToPanelDto,
  ReviewContractDto,
} from '../pupils/pupil.dto';
import { dateField, FieldError, PostedForm, text } from './form-fields';

export interface Option {
  value: string;
  text: string;
}

/** What the form is about when it records something on an item: shown above the fields. */
export type Subject = Record<string, string | null>;

export interface CaseForm<D extends object = object> {
  /** The template, named after the page. */
  page: string;
  /** Where it posts, under /cases/{pupilId}/ (`:itemId` for an item's form). */
  path: string;
  /** Said on the case after it is recorded (`?recorded=`). */
  recorded: string;
  dto: new () => D;
  /** The GOV.UK date inputs among its fields: their errors link to the day box. */
  dates: string[];
  /** Sent pinned to the case's revision when the form opened (a form about an item on the case). */
  pinned?: boolean;
  /** The field a refusal without a field of its own is shown beside. */
  firstField: string;
  read(form: PostedForm): { body: Record<string, unknown>; errors: FieldError[] };
  command(value: D, ids: { newId: string; itemId?: string }): PupilCommand;
  /** For an item's form: the open item from the journey, or null when it is not open. */
  subject?(journey: PupilJourneySummary, itemId: string): Subject | null;
  options?: Record<string, readonly Option[]>;
}

/** A field that must be answered: its text, or the message saying what to enter or select. */
const required = (
  form: PostedForm,
  field: string,
  message: string,
  errors: FieldError[],
): string | undefined => {
  const value = text(form[field]);
  if (value === undefined) errors.push({ field, messages: [message] });
  return value;
};

/** Leaves out what was not given, so the DTO's optional fields stay optional. */
const given = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));

export const SUPPORT_KIND_OPTIONS: Option[] = SUPPORT_KINDS.map((value) => ({
  value,
  text: {
    'in-school': 'In-school support',
    'early-help-assessment': 'Early help assessment',
    'whole-family-plan': 'Whole-family plan',
    'school-nurse': 'School nurse',
    'educational-psychology': 'Educational psychology',
    camhs: 'Child and adolescent mental health services (CAMHS)',
    send: 'Special educational needs or disabilities (SEND) support',
    housing: 'Housing',
    'young-carers': 'Young carers service',
    other: 'Other support',
  }[value],
}));

export const SUPPORT_OUTCOME_OPTIONS: Option[] = SUPPORT_OUTCOMES.map((value) => ({
  value,
  text: {
    helped: 'It helped',
    'partly-helped': 'It partly helped',
    'did-not-help': 'It did not help',
  }[value],
}));

export const CONTRACT_REVIEW_OPTIONS: Option[] = CONTRACT_REVIEW_OUTCOMES.map((value) => ({
  value,
  text: {
    'on-track': 'On track: the contract is being kept',
    'not-kept': 'Not kept: the parents are not keeping to it',
    'ended-early': 'Ended early: this review ends the contract',
  }[value],
}));

const YES_NO: Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

const kindName = (kind: string) => SUPPORT_KIND_OPTIONS.find((o) => o.value === kind)?.text ?? kind;

export const CONCERN_FORM: CaseForm<RaiseConcernDto> = {
  page: 'concern',
  path: 'concerns',
  recorded: 'concern',
  dto: RaiseConcernDto,
  dates: ['raisedOn'],
  firstField: 'summary',
  read(form) {
    const errors: FieldError[] = [];
    const summary = required(form, 'summary', 'Enter what the concern is', errors);
    const raisedOn = dateField(form, 'raisedOn', 'the date the concern was raised', errors, false);
    return { body: given({ summary, raisedOn }), errors };
  },
  command: (value, { newId }) => ({ type: 'RaiseConcern', concernId: newId, ...value }),
};

export const SUPPORT_ACTION_FORM: CaseForm<RecordSupportActionDto> = {
  page: 'support-action',
  path: 'support-actions',
  recorded: 'support-action',
  dto: RecordSupportActionDto,
  dates: ['startedOn'],
  firstField: 'kind',
  options: { kind: SUPPORT_KIND_OPTIONS },
  read(form) {
    const errors: FieldError[] = [];
    const kind = required(form, 'kind', 'Select the kind of support', errors);
    const description = required(form, 'description', 'Enter what the support is', errors);
    const startedOn = dateField(form, 'startedOn', 'the date the support started', errors);
    return { body: given({ kind, description, startedOn }), errors };
  },
  command: (value, { newId }) => ({ type: 'RecordSupportAction', supportId: newId, ...value }),
};

export const SUPPORT_OUTCOME_FORM: CaseForm<RecordSupportOutcomeDto> = {
  page: 'support-outcome',
  path: 'support-actions/:itemId/outcome',
  recorded: 'support-outcome',
  dto: RecordSupportOutcomeDto,
  dates: ['recordedOn'],
  pinned: true,
  firstField: 'outcome',
  options: { outcome: SUPPORT_OUTCOME_OPTIONS, familyEngaged: YES_NO },
  read(form) {
    const errors: FieldError[] = [];
    const outcome = required(form, 'outcome', 'Select whether the support helped', errors);
    const engaged = required(form, 'familyEngaged', 'Select whether the family engaged', errors);
    const recordedOn = dateField(form, 'recordedOn', 'the date of the outcome', errors, false);
    const familyEngaged = engaged === undefined ? undefined : engaged === 'yes';
    return { body: given({ outcome, familyEngaged, recordedOn }), errors };
  },
  command: (value, { itemId }) => ({
    type: 'RecordSupportOutcome',
    supportId: itemId as string,
    ...value,
  }),
  subject(journey, itemId) {
    const open = journey.openItems.supportAwaitingOutcome.find((s) => s.supportId === itemId);
    return open ? { what: kindName(open.kind), startedOn: open.startedOn } : null;
  },
};

export const CONTRACT_REVIEW_FORM: CaseForm<ReviewContractDto> = {
  page: 'contract-review',
  path: 'attendance-contracts/:itemId/reviews',
  recorded: 'contract-review',
  dto: ReviewContractDto,
  dates: ['reviewedOn'],
  pinned: true,
  firstField: 'reviewedOn',
  options: { outcome: CONTRACT_REVIEW_OPTIONS },
  read(form) {
    const errors: FieldError[] = [];
    const reviewedOn = dateField(form, 'reviewedOn', 'the date of the review', errors);
    const outcome = required(form, 'outcome', 'Select what the review found', errors);
    return { body: given({ reviewedOn, outcome, notes: text(form.notes) }), errors };
  },
  command: (value, { itemId }) => ({
    type: 'ReviewAttendanceContract',
    contractId: itemId as string,
    ...value,
  }),
  subject(journey, itemId) {
    const open = journey.openItems.activeContracts.find((c) => c.contractId === itemId);
    return open ? { endsOn: open.endsOn, nextReviewOn: open.nextReviewOn } : null;
  },
};

export const PANEL_REFERRAL_FORM: CaseForm<ReferToPanelDto> = {
  page: 'panel-referral',
  path: 'panel-referrals',
  recorded: 'panel-referral',
  dto: ReferToPanelDto,
  dates: ['referredOn'],
  firstField: 'reason',
  read(form) {
    const errors: FieldError[] = [];
    const reason = required(form, 'reason', 'Enter why the case goes to the panel', errors);
    const referredOn = dateField(form, 'referredOn', 'the date of the referral', errors, false);
    return { body: given({ reason, referredOn }), errors };
  },
  command: (value, { newId }) => ({ type: 'ReferToPanel', referralId: newId, ...value }),
};
