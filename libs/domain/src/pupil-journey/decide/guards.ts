/** The refusals of the pupil journey, and the checks shared by several stages. */
import { dateOf, IsoDate, isValidDate } from '../../calendar';
import type { DecisionContext } from '../../decision-context';
import { DomainError, DomainErrorKind, InvalidInput } from '../../errors';
import { isOfCompulsorySchoolAge } from '../../rules';
import type { PupilJourney } from '../state';

export class JourneyRefused extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'conflict',
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** Support first (WTISA 2024): no enforcement without recorded support, unless support is not appropriate. */
export class SupportFirstRequired extends JourneyRefused {
  constructor(action: string) {
    super(
      'support-first',
      `Support comes first: record the support offered (and how the family engaged) before ${action}, or record why support is not appropriate (for example a term-time holiday).`,
      'rule',
    );
  }
}

export class NotOfCompulsorySchoolAge extends JourneyRefused {
  constructor(on: IsoDate) {
    super(
      'not-of-compulsory-school-age',
      `The pupil is not of compulsory school age on ${on}; formal measures and enforcement apply only within it.`,
      'rule',
      { on },
    );
  }
}

export class ParentNotLinked extends JourneyRefused {
  constructor(parentId: string) {
    super(
      'parent-not-linked',
      `Parent ${parentId} is not a parent or carer of this pupil's family; link them to the family first.`,
      'rule',
      { parentId },
    );
  }
}

export const today = (context: DecisionContext): IsoDate => dateOf(context.now);

export function requireDate(value: string, field: string): IsoDate {
  if (!isValidDate(value))
    throw new InvalidInput(
      `${field} must be a real date in the form YYYY-MM-DD (got "${value}").`,
      { field },
    );
  return value;
}

export function requireNewId(state: PupilJourney, id: string, what: string): void {
  if (state.usedIds.includes(id))
    throw new JourneyRefused(
      'duplicate-id',
      `This ${what} (${id}) is already recorded.`,
      'conflict',
      { id },
    );
}

export function requireText(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidInput(`${field} must be given.`, { field });
  return value;
}

export function requireCompulsorySchoolAge(state: PupilJourney, on: IsoDate): void {
  if (!isOfCompulsorySchoolAge(state.dateOfBirth, on)) throw new NotOfCompulsorySchoolAge(on);
}

export function requireSupportFirst(state: PupilJourney, action: string): void {
  if (state.support.length === 0 && state.supportNotAppropriate === null)
    throw new SupportFirstRequired(action);
}

/** Only parents and carers of the pupil's family can be named (s576 EA 1996). */
export function requireLinkedParent(
  state: PupilJourney,
  context: DecisionContext,
  parentId: string,
): void {
  const family = context.family;
  if (
    !state.familyId ||
    !family ||
    family.familyId !== state.familyId ||
    !family.pupilIds.includes(state.pupilId)
  ) {
    throw new JourneyRefused(
      'no-family',
      'Link this pupil to their family (with its parents and carers) first.',
      'rule',
    );
  }
  if (!family.parents.some((p) => p.parentId === parentId)) throw new ParentNotLinked(parentId);
}

export function notInFuture(date: IsoDate, context: DecisionContext, field: string): void {
  if (date > today(context))
    throw new InvalidInput(`${field} (${date}) cannot be in the future.`, { field });
}
