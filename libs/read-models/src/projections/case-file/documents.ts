/**
 * The case file of a pupil: everything recorded about the case, one document per thing recorded
 * (a conversation, a support action, a referral, a contract, a notice, an order...), with what
 * followed it (an outcome, a decision, reviews, a response) in the same document. The projection
 * keeps a small document per pupil (stage, school, allocation: what tags items and what case
 * access needs), and never the register: the attendance summary is the caseload's.
 *
 * Entries keep the events' own data; they are put into words when read (the audit describer), so
 * a change of wording needs no rebuild.
 */
import type { IsoDate, Stage } from '@app/domain';
import { defineCollection } from '../../document-store.port';

export const CASE_FILE_ITEM_KINDS = [
  'registration',
  'case',
  'concern',
  'school-request',
  'conversation',
  'support',
  'support-not-appropriate',
  'panel-referral',
  'family-plan',
  'attendance-contract',
  'social-care-consultation',
  'supervision-order',
  'neglect-referral',
  'notice-to-improve',
  'penalty-notice',
  'prosecution',
  'targeting-support-action',
  'deadline',
] as const;
export type CaseFileItemKind = (typeof CASE_FILE_ITEM_KINDS)[number];

/** One recorded event, as the store holds it. */
export interface CaseFileEntry {
  /** The stream it came from: a pupil's journey, a family, a targeting support meeting. */
  source: 'pupil' | 'family' | 'meeting';
  type: string;
  data: Record<string, unknown>;
  /** Global position (decimal string). */
  position: string;
  /** When the store recorded it. */
  recordedAt: string;
  /** Business time the command gave. */
  occurredAt: string | null;
  actor: string | null;
  role: string | null;
}

export interface CaseFileItem {
  pupilId: string;
  kind: CaseFileItemKind;
  /** What the item is, within its kind: the id the record was given (a referral's, a notice's). */
  ref: string;
  /** The pupil's stage once the item was recorded. */
  stage: Stage;
  /** Sort key: the global position of the event that opened it, zero-padded (newest first = desc). */
  order: string;
  /** The event that opened the item first, then what followed it, in the order recorded. */
  entries: CaseFileEntry[];
  /** `pupil:<id>`, alone or with `|stage:<stage>` or `|kind:<kind>`. */
  facets: string[];
}

/** What the case file keeps of the pupil: enough to tag items with a stage and to check access. */
export interface CaseFilePupil {
  pupilId: string;
  reference: string;
  status: 'open' | 'closed';
  stage: Stage;
  schoolId: string;
  leadPractitionerId: string | null;
  familyId: string | null;
  registeredOn: IsoDate;
}

/** A family's children and plans, so a plan reaches each child's file, and a child linked later. */
export interface CaseFileFamily {
  pupilIds: string[];
  plans: CaseFileEntry[];
}

export const caseFileItems = defineCollection<CaseFileItem>({
  name: 'items',
  indexes: ['facets'],
  sortKeys: ['order'],
  indexesById: false,
});
export const caseFilePupils = defineCollection<CaseFilePupil>({ name: 'pupils' });
export const caseFileFamilies = defineCollection<CaseFileFamily>({ name: 'families' });
/** Which pupil an action agreed at a targeting support meeting is for: `<meeting stream>|<actionId>`. */
export const caseFileMeetingActions = defineCollection<{ pupilId: string }>({
  name: 'meeting-actions',
});

export const CASE_FILE_COLLECTIONS = [
  caseFileItems,
  caseFilePupils,
  caseFileFamilies,
  caseFileMeetingActions,
];
