/**
 * What the local authority's letters say about itself (`settings-letters` stream): its name and
 * address (where a penalty is paid and correspondence sent, SI 2007/1867 reg 3(f)), the text at the
 * head of its letters, how a penalty may be paid (reg 3(g)), and the officers who sign notices with
 * their official particulars (reg 3(c)). Each adoption replaces the whole; letters already served
 * are not changed by a later adoption (they are rendered from the settings of their day).
 */
import { IsoDate } from '../calendar';
import { DomainError, InvalidInput } from '../errors';

export const LETTER_SETTINGS_STREAM = 'settings-letters';

export interface LetterSignatory {
  /** The user id the identity provider gives the officer (who records the notice). */
  userId: string;
  /** As it is to appear on the notice, e.g. `Jo Williams`. */
  name: string;
  /** Their official particulars, e.g. `Attendance Officer, authorised under reg 11`. */
  officialParticulars: string;
}

export interface LetterSettings {
  /** e.g. `Exampleshire County Council`. */
  authorityName: string;
  /** The postal address, one line each, the postcode last. */
  address: string[];
  /** The text at the head of every letter in place of a logo, e.g. `Exampleshire County Council — Education Welfare`. */
  logoText: string;
  telephone: string;
  email: string;
  /** Who penalties are paid to, e.g. `Exampleshire County Council`. */
  payee: string;
  /** Each way a penalty may be paid, as the parent is to read it. */
  paymentMethods: string[];
  signatories: LetterSignatory[];
}

export type LetterSettingsEvent = {
  type: 'LetterSettingsAdopted';
  data: { settings: LetterSettings; adoptedOn: IsoDate };
};
export type LetterSettingsCommand = { type: 'AdoptLetterSettings'; settings: LetterSettings };
export interface LetterSettingsState {
  /** Null until an administrator adopts them: no letter can be produced before. */
  current: LetterSettings | null;
}

/** Letters cannot be produced before the LA has said who it is and how to pay it. */
export class LetterSettingsMissing extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'letter-settings-missing';
  constructor() {
    super(
      "The local authority's letter settings (its name, address, payment methods and signatories) have not been adopted yet: an administrator adopts them at PUT /admin/letter-settings.",
    );
  }
}

const LINE = 200;
const text = (value: unknown, field: string, max = LINE): string => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw new InvalidInput(`Letter settings: ${field} must be text of 1 to ${max} characters.`, {
      field,
    });
  return value.trim();
};
const lines = (value: unknown, field: string, min: number, max: number): string[] => {
  if (!Array.isArray(value) || value.length < min || value.length > max)
    throw new InvalidInput(`Letter settings: ${field} must list ${min} to ${max} lines.`, {
      field,
    });
  return value.map((line, i) => text(line, `${field}[${i}]`));
};

/** Checks the settings an administrator proposes; throws InvalidInput naming the field. */
export function validateLetterSettings(candidate: LetterSettings): LetterSettings {
  if (typeof candidate !== 'object' || candidate === null)
    throw new InvalidInput('Letter settings must be an object.', { field: 'settings' });
  const email = text(candidate.email, 'email');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new InvalidInput('Letter settings: email must be an e-mail address.', {
      field: 'email',
    });
  if (!Array.isArray(candidate.signatories) || candidate.signatories.length > 100)
    throw new InvalidInput('Letter settings: signatories must list up to 100 officers.', {
      field: 'signatories',
    });
  const signatories = candidate.signatories.map((s, i) => ({
    userId: text(s?.userId, `signatories[${i}].userId`, 100),
    name: text(s?.name, `signatories[${i}].name`),
    officialParticulars: text(s?.officialParticulars, `signatories[${i}].officialParticulars`),
  }));
  const ids = new Set<string>();
  for (const s of signatories) {
    if (ids.has(s.userId))
      throw new InvalidInput(`Letter settings: signatory ${s.userId} is listed twice.`, {
        field: 'signatories',
      });
    ids.add(s.userId);
  }
  return {
    authorityName: text(candidate.authorityName, 'authorityName'),
    address: lines(candidate.address, 'address', 2, 8),
    logoText: text(candidate.logoText, 'logoText'),
    telephone: text(candidate.telephone, 'telephone', 40),
    email,
    payee: text(candidate.payee, 'payee'),
    paymentMethods: lines(candidate.paymentMethods, 'paymentMethods', 1, 8),
    signatories,
  };
}

export const letterSettingsDecider = {
  initialState: (): LetterSettingsState => ({ current: null }),
  evolve: (_state: LetterSettingsState, event: LetterSettingsEvent): LetterSettingsState => ({
    current: event.data.settings,
  }),
  decide: (command: LetterSettingsCommand, _state: LetterSettingsState, now: Date) => [
    {
      type: 'LetterSettingsAdopted' as const,
      data: {
        settings: validateLetterSettings(command.settings),
        adoptedOn: now.toISOString().slice(0, 10),
      },
    },
  ],
};
