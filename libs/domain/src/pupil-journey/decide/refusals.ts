/**
 * The refusals of the pupil journey. Each guardrail has its own class (so callers and specs can
 * tell them apart) and keeps a stable `code` (the API's problem type). Messages say what to do next.
 */
import type { IsoDate } from '../../calendar';
import { DomainError, DomainErrorKind } from '../../errors';

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

export class PupilNotRegistered extends JourneyRefused {
  constructor() {
    super('not-registered', 'Register the pupil first.');
  }
}

export class CaseClosed extends JourneyRefused {
  constructor() {
    super('case-closed', 'This case is closed; reopen it to record anything new.');
  }
}

/** A retried command carries the same id: it is recognised, never recorded twice. */
export class DuplicateId extends JourneyRefused {
  constructor(what: string, id: string) {
    super('duplicate-id', `This ${what} (${id}) is already recorded.`, 'conflict', { id });
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

/** Where support was appropriate, a notice to improve is the parent's final chance (WTISA 2024 ch. 6). */
export class NoticeToImproveFirst extends JourneyRefused {
  constructor() {
    super(
      'notice-to-improve-first',
      'Issue this parent a notice to improve first, and record that its improvement period ended without sufficient improvement, before a penalty notice.',
      'rule',
    );
  }
}

export class NationalThresholdNotMet extends JourneyRefused {
  constructor(period: { from: IsoDate; to: IsoDate }, count: number, needed: number) {
    super(
      'threshold-not-met',
      `The national threshold is not met in ${period.from} to ${period.to}: ${count} unauthorised sessions in the worst 10 school weeks, and ${needed} are needed.`,
      'rule',
      { count, needed },
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

export class FamilyNotLinked extends JourneyRefused {
  constructor() {
    super(
      'no-family',
      'Link this pupil to their family (with its parents and carers) first.',
      'rule',
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

/** The national framework does not reach independent schools (WTISA 2024 ch. 6). */
export class IndependentSchoolPupil extends JourneyRefused {
  constructor(what: string) {
    super(
      'independent-school',
      `${what} cannot be issued for a pupil at an independent school (WTISA 2024 ch. 6); consider other support or an education supervision order.`,
      'rule',
    );
  }
}

export class SocialCareNotConsulted extends JourneyRefused {
  constructor() {
    super(
      'eso-consult-social-care',
      "Consult children's social care before applying for an education supervision order (Children Act 1989 s36(8)).",
      'rule',
    );
  }
}

export class LookedAfterChild extends JourneyRefused {
  constructor() {
    super(
      'eso-looked-after',
      'An education supervision order cannot be made for a looked-after child (Children Act 1989 s36(6)).',
      'rule',
    );
  }
}

/** s447 EA 1996: before prosecuting, the LA must consider an education supervision order. */
export class SupervisionOrderNotConsidered extends JourneyRefused {
  constructor() {
    super(
      'eso-not-considered',
      'Consider an education supervision order first (Education Act 1996 s447): apply for one, or record why not.',
      'rule',
    );
  }
}

export class ProsecutionOutOfTime extends JourneyRefused {
  constructor(deadline: IsoDate) {
    super(
      'prosecution-time-limit',
      `Information had to be laid by ${deadline}, within 6 months of the offence (Magistrates' Courts Act 1980 s127).`,
      'rule',
      { deadline },
    );
  }
}

/** Paying a penalty notice discharges liability for the offence (SI 2007/1867). */
export class PaidNoticeBarsProsecution extends JourneyRefused {
  constructor(noticeId: string) {
    super(
      'paid-notice-bars-prosecution',
      `Penalty notice ${noticeId} was paid for this offence; the parent cannot be prosecuted for it.`,
      'rule',
      { noticeId },
    );
  }
}

export class WithdrawnNoticeBarsProsecution extends JourneyRefused {
  constructor(noticeId: string) {
    super(
      'withdrawn-notice-bars-prosecution',
      `Penalty notice ${noticeId} was withdrawn; there can be no prosecution for that offence.`,
      'rule',
      { noticeId },
    );
  }
}

/** While a notice can still be paid, the parent may discharge liability by paying it. */
export class PaymentPeriodRunning extends JourneyRefused {
  constructor(noticeId: string, paymentEnds: IsoDate) {
    super(
      'payment-period-running',
      `Penalty notice ${noticeId} for this offence can be paid until ${paymentEnds}; prosecute only after that, if it is unpaid.`,
      'rule',
      { noticeId, paymentEnds },
    );
  }
}

/**
 * The reduced amount offered after the reduced period: SI 2007/1867 reg 4(1)(a) (as amended by
 * SI 2024/210) allows £80 only "within the period of 21 days beginning with the date on which the
 * notice is received", so a later £80 is not payment in full and discharges nothing.
 */
export class ReducedPeriodEnded extends JourneyRefused {
  constructor(
    notice: { receivedOn: IsoDate; reducedRateEnds: IsoDate; paymentEnds: IsoDate },
    paid: { paidOn: IsoDate; amount: number; due: number },
  ) {
    super(
      'reduced-period-ended',
      `£${paid.amount} is not payment in full: the reduced amount could be paid only until ${notice.reducedRateEnds} (the 21 days beginning with ${notice.receivedOn}, the day the notice was received), and on ${paid.paidOn} £${paid.due} is due. Nothing was recorded and the notice stays unpaid. The parent can pay £${paid.due} until ${notice.paymentEnds}; after that the local authority must prosecute or withdraw the notice. If the local authority keeps the £${paid.amount} towards the £${paid.due}, record one payment of £${paid.due} on the day the rest is paid; otherwise return it.`,
      'rule',
      { due: paid.due, reducedRateEnds: notice.reducedRateEnds, paymentEnds: notice.paymentEnds },
    );
  }
}

export class NoticeNotPayable extends JourneyRefused {
  constructor(status: string) {
    super('notice-not-payable', `This penalty notice is ${status}; it cannot be paid.`);
  }
}
