/** The refusals of the pupil journey, and the checks shared by several stages. */
import { dateOf, IsoDate, isValidDate } from '../../calendar';
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import { isOfCompulsorySchoolAge } from '../../rules';
import { happenedOn } from '../dated-facts';
import type { PupilCommand } from '../commands';
import type { PupilJourney } from '../state';
import type { OffencePeriod } from '../vocabulary';
import {
  DuplicateId,
  FamilyNotLinked,
  NotOfCompulsorySchoolAge,
  ParentNotLinked,
  SupportFirstRequired,
} from './refusals';

export * from './refusals';

export const today = (context: DecisionContext): IsoDate => dateOf(context.now);

export function requireDate(value: string, field: string): IsoDate {
  if (!isValidDate(value))
    throw new InvalidInput(
      `${field} must be a real date in the form YYYY-MM-DD (got "${value}").`,
      { field },
    );
  return value;
}

export function requirePeriod(period: OffencePeriod): OffencePeriod {
  requireDate(period.from, 'offencePeriod.from');
  requireDate(period.to, 'offencePeriod.to');
  if (period.to < period.from)
    throw new InvalidInput(
      `The offence period ends (${period.to}) before it starts (${period.from}).`,
      { field: 'offencePeriod' },
    );
  return { from: period.from, to: period.to };
}

/** The vocabularies are closed: a value from outside them is an input error, never stored. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new InvalidInput(
      `${field} must be one of: ${allowed.join(', ')} (got "${String(value)}").`,
      {
        field,
      },
    );
  return value as T;
}

export function requireNewId(state: PupilJourney, id: string, what: string): void {
  if (state.usedIds.includes(id)) throw new DuplicateId(what, id);
}

export function requireText(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidInput(`${field} must be given.`, { field });
  return value;
}

export function requireCompulsorySchoolAge(
  state: Pick<PupilJourney, 'dateOfBirth'>,
  on: IsoDate,
): void {
  if (!isOfCompulsorySchoolAge(state.dateOfBirth, on)) throw new NotOfCompulsorySchoolAge(on);
}

export const overlaps = (a: OffencePeriod, b: OffencePeriod): boolean =>
  a.from <= b.to && b.from <= a.to;

/**
 * The record that support is not appropriate for this offence, if there is one: a record made for
 * an offence period excuses only offences overlapping it; one made without a period, the case.
 */
export function supportNotAppropriateFor(
  state: Pick<PupilJourney, 'supportNotAppropriate'>,
  offencePeriod?: OffencePeriod,
) {
  return (
    state.supportNotAppropriate.find(
      (r) =>
        r.offencePeriod === null ||
        offencePeriod === undefined ||
        overlaps(r.offencePeriod, offencePeriod),
    ) ?? null
  );
}

/** An offence period is within compulsory school age only if both its ends are. */
export function requireCompulsorySchoolAgeThroughout(
  state: Pick<PupilJourney, 'dateOfBirth'>,
  period: OffencePeriod,
): void {
  requireCompulsorySchoolAge(state, period.from);
  requireCompulsorySchoolAge(state, period.to);
}

export function requireSupportFirst(
  state: Pick<PupilJourney, 'support' | 'supportNotAppropriate'>,
  action: string,
  offencePeriod?: OffencePeriod,
): void {
  if (state.support.length === 0 && supportNotAppropriateFor(state, offencePeriod) === null)
    throw new SupportFirstRequired(action);
}

/** The pupil's family as far as naming a parent needs it (a `FamilyState` is one). */
export interface LinkedFamily {
  familyId: string;
  pupilIds: readonly string[];
  parents: readonly { parentId: string }[];
}

/**
 * Whether deciding the command reads the pupil's family (DecisionContext.family): only a command
 * naming a parent or carer does (requireLinkedParent), so a handler loads the family for those
 * alone rather than for every command of a pupil who has one.
 */
export const namesParentOrCarer = (command: PupilCommand): boolean =>
  'parentId' in command || 'parentIds' in command;

/** Only parents and carers of the pupil's family can be named (s576 EA 1996). */
export function requireLinkedParent(
  state: Pick<PupilJourney, 'familyId' | 'pupilId'>,
  context: { family?: LinkedFamily },
  parentId: string,
): void {
  const family = context.family;
  if (
    !state.familyId ||
    !family ||
    family.familyId !== state.familyId ||
    !family.pupilIds.includes(state.pupilId)
  ) {
    throw new FamilyNotLinked();
  }
  if (!family.parents.some((p) => p.parentId === parentId)) throw new ParentNotLinked(parentId);
}

export function notInFuture(date: IsoDate, context: DecisionContext, field: string): void {
  happenedOn(date, field, { today: today(context) });
}
