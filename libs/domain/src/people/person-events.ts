/**
 * A person (`person-<id>` stream): a pupil, or a parent or carer, with the personal details the
 * LA needs to serve notices and letters (a penalty notice must carry the recipient's name and
 * address: Education (Penalty Notices) (England) Regulations 2007 reg 3). A pupil's person id is
 * the pupil's id; a parent's is the `parentId` the families record them under, so one parent can
 * be in several families.
 *
 * The details are held sealed: encrypted under a data key of the person's own, kept outside the
 * event store (crypto-shredding). The domain never opens them; erasing the person destroys the key,
 * and every event stays in place, hash chain and all.
 */
import type { IsoDate } from '../calendar';

export const PERSON_KINDS = ['pupil', 'parent-or-carer'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** The personal details, in the clear: only ever in memory, on the way in or out of the seal. */
export interface PersonalDetails {
  givenName: string;
  familyName: string;
  address: { lines: string[]; town: string; postcode: string };
  email?: string;
  phone?: string;
}

/** Personal details encrypted (AES-256-GCM) under the data key of person `keyId`. */
export interface SealedDetails {
  alg: 'A256GCM';
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** Why a person's details were erased (UK GDPR art 17; the LA's retention schedule). */
export const ERASURE_BASES = [
  'retention-period-ended',
  'erasure-request',
  'recorded-in-error',
] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];

type E<T extends string, D> = { type: T; data: D };
export type PersonEvent =
  | E<
      'PersonRecorded',
      { personId: string; kind: PersonKind; details: SealedDetails; recordedOn: IsoDate }
    >
  | E<
      'PersonDetailsCorrected',
      { personId: string; details: SealedDetails; reason: string; correctedOn: IsoDate }
    >
  | E<'PersonErased', { personId: string; basis: ErasureBasis; reason: string; erasedOn: IsoDate }>;

type C<T extends string, D> = { type: T } & D;
export type PersonCommand =
  | C<
      'RecordPerson',
      { personId: string; kind: PersonKind; details: SealedDetails; recordedOn?: IsoDate }
    >
  | C<
      'CorrectPersonDetails',
      { personId: string; details: SealedDetails; reason: string; correctedOn?: IsoDate }
    >
  | C<'ErasePerson', { personId: string; basis: ErasureBasis; reason: string; erasedOn?: IsoDate }>;

export interface PersonState {
  status: 'unrecorded' | 'recorded' | 'erased';
  personId: string;
  kind: PersonKind | undefined;
  recordedOn: IsoDate | undefined;
  /** The sealed details now in force (the latest correction), until erased. */
  details: SealedDetails | undefined;
  correctedOn: IsoDate | undefined;
  erasure: { basis: ErasureBasis; reason: string; erasedOn: IsoDate } | undefined;
}
