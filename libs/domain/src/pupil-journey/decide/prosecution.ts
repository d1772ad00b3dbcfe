/** Prosecution under Education Act 1996 s444: the last resort, within 6 months of the offence. */
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import { prosecutionDeadline } from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import {
  type OffencePeriod,
  PARENTING_ORDER_NOT_IMPLEMENTED_REASONS,
  PROSECUTION_OUTCOMES,
  PROSECUTION_SECTIONS,
} from '../vocabulary';
import {
  JourneyRefused,
  notInFuture,
  overlaps,
  PaidNoticeBarsProsecution,
  PaymentPeriodRunning,
  ProsecutionOutOfTime,
  requireCompulsorySchoolAgeThroughout,
  requireDate,
  requireLinkedParent,
  requireNewId,
  requireOneOf,
  requirePeriod,
  requireSupportFirst,
  SupervisionOrderNotConsidered,
  WithdrawnNoticeBarsProsecution,
} from './guards';

/** What earlier penalty notices and prosecutions of the same parents for the same offence allow. */
function requireNotAlreadyDealtWith(
  state: PupilJourney,
  parentIds: string[],
  period: OffencePeriod,
  laidOn: string,
): void {
  const sameOffence = state.penaltyNotices.filter(
    (n) => parentIds.includes(n.parentId) && overlaps(n.offencePeriod, period),
  );
  const paid = sameOffence.find((n) => n.status === 'paid');
  if (paid) throw new PaidNoticeBarsProsecution(paid.noticeId);
  const withdrawn = sameOffence.find((n) => n.status === 'withdrawn');
  if (withdrawn) throw new WithdrawnNoticeBarsProsecution(withdrawn.noticeId);
  const payable = sameOffence.find((n) => n.status === 'issued' && laidOn <= n.paymentEnds);
  if (payable) throw new PaymentPeriodRunning(payable.noticeId, payable.paymentEnds);
  // A prosecution the LA withdrew may be brought again; one that reached a verdict may not.
  const earlier = state.prosecutions.find(
    (p) =>
      p.outcome !== 'withdrawn' &&
      p.parentIds.some((id) => parentIds.includes(id)) &&
      overlaps(p.offencePeriod, period),
  );
  if (earlier) {
    throw new JourneyRefused(
      'already-prosecuted',
      `Prosecution ${earlier.prosecutionId} already covers this parent for an overlapping offence period.`,
      'rule',
    );
  }
}

export function startProsecution(
  c: PupilCommandOf<'StartProsecution'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.prosecutionId, 'prosecution');
  const offencePeriod = requirePeriod(c.offencePeriod);
  notInFuture(requireDate(c.laidOn, 'laidOn'), context, 'laidOn');
  if (c.laidOn < offencePeriod.to)
    throw new InvalidInput(
      `Information cannot be laid (${c.laidOn}) before the offence period ends (${offencePeriod.to}).`,
      { field: 'laidOn' },
    );
  if (c.parentIds.length === 0)
    throw new InvalidInput('Name the parent or parents prosecuted.', { field: 'parentIds' });
  requireCompulsorySchoolAgeThroughout(state, offencePeriod);
  requireSupportFirst(state, 'a prosecution', offencePeriod);
  for (const parentId of c.parentIds) requireLinkedParent(state, context, parentId);
  const deadline = prosecutionDeadline(offencePeriod.to);
  if (c.laidOn > deadline) throw new ProsecutionOutOfTime(deadline);
  // s447 EA 1996: consider an education supervision order before prosecuting.
  const esoConsidered = state.supervisionOrders.length > 0;
  if (!esoConsidered && !c.esoNotAppliedForReason?.trim())
    throw new SupervisionOrderNotConsidered();
  requireNotAlreadyDealtWith(state, c.parentIds, offencePeriod, c.laidOn);
  return [
    {
      type: 'ProsecutionStarted',
      data: {
        prosecutionId: c.prosecutionId,
        section: requireOneOf(c.section, PROSECUTION_SECTIONS, 'section'),
        parentIds: c.parentIds,
        offencePeriod,
        laidOn: c.laidOn,
        esoConsideration: esoConsidered
          ? 'An education supervision order was applied for.'
          : (c.esoNotAppliedForReason as string),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

function prosecutionOf(state: PupilJourney, prosecutionId: string) {
  const prosecution = state.prosecutions.find((p) => p.prosecutionId === prosecutionId);
  if (!prosecution)
    throw new JourneyRefused(
      'unknown-prosecution',
      'There is no such prosecution on this journey.',
    );
  return prosecution;
}

export function recordProsecutionOutcome(
  c: PupilCommandOf<'RecordProsecutionOutcome'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const prosecution = prosecutionOf(state, c.prosecutionId);
  if (prosecution.outcome !== null)
    throw new JourneyRefused(
      'outcome-recorded',
      `The outcome is already recorded (${prosecution.outcome}).`,
    );
  if (c.parentingOrder && c.outcome !== 'convicted')
    throw new InvalidInput('A parenting order can only follow a conviction.', {
      field: 'parentingOrder',
    });
  return [
    {
      type: 'ProsecutionOutcomeRecorded',
      data: {
        prosecutionId: c.prosecutionId,
        outcome: requireOneOf(c.outcome, PROSECUTION_OUTCOMES, 'outcome'),
        recordedOn: requireDate(c.recordedOn, 'recordedOn'),
        sentence: c.sentence ?? '',
        parentingOrder: c.parentingOrder ?? false,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

/**
 * Whether a parenting order made with a conviction (Crime and Disorder Act 1998 s8) was
 * implemented, and if not why: the DfE's Parental Responsibility Measures census asks both.
 */
export function recordParentingOrderImplementation(
  c: PupilCommandOf<'RecordParentingOrderImplementation'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const prosecution = prosecutionOf(state, c.prosecutionId);
  if (prosecution.parentingOrder !== true)
    throw new JourneyRefused(
      'no-parenting-order',
      'No parenting order was recorded with this prosecution’s outcome; record the outcome with its parenting order first.',
      'rule',
    );
  if (prosecution.parentingOrderImplementation)
    throw new JourneyRefused(
      'implementation-recorded',
      'Whether this parenting order was implemented is already recorded.',
    );
  notInFuture(requireDate(c.recordedOn, 'recordedOn'), context, 'recordedOn');
  if (prosecution.outcomeOn && c.recordedOn < prosecution.outcomeOn)
    throw new InvalidInput(
      `recordedOn (${c.recordedOn}) cannot be before the order was made (${prosecution.outcomeOn}).`,
      { field: 'recordedOn' },
    );
  if (typeof c.implemented !== 'boolean')
    throw new InvalidInput('implemented must be true or false.', { field: 'implemented' });
  if (c.implemented && c.reasonNotImplemented !== undefined)
    throw new InvalidInput('An implemented order has no reason for not being implemented.', {
      field: 'reasonNotImplemented',
    });
  const reason = c.implemented
    ? null
    : requireOneOf(
        c.reasonNotImplemented,
        PARENTING_ORDER_NOT_IMPLEMENTED_REASONS,
        'reasonNotImplemented',
      );
  return [
    {
      type: 'ParentingOrderImplementationRecorded',
      data: {
        prosecutionId: c.prosecutionId,
        implemented: c.implemented,
        reasonNotImplemented: reason,
        recordedOn: c.recordedOn,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}
