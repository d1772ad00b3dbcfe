/**
 * The letters an attendance officer serves on a parent, as structured content: who it is from and
 * to, and its sections in the order they are read. Rendering (HTML, PDF) is elsewhere; what a
 * letter must say is decided here, from the facts on the journey and the LA's letter settings.
 *
 * A penalty notice carries every particular SI 2007/1867 reg 3 requires, each marked with its
 * letter (a) to (k), with the amounts and payment dates the domain worked out for that notice.
 */
import { ukDate, IsoDate } from '../calendar';
import type { OffencePeriod } from '../pupil-journey/vocabulary';
import type { ServiceMethod, WithdrawalGround } from '../rules';
import type { LetterSettings, LetterSignatory } from '../settings/letter-settings';

export const LETTER_KINDS = [
  'penalty-notice',
  'notice-to-improve',
  'warning',
  'withdrawal',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** A person as a letter names them: their name and postal address (postcode last). */
export interface Addressee {
  name: string;
  address: string[];
}

export interface LetterSection {
  heading: string;
  /** The regulation the section answers, e.g. `reg 3(e)`. */
  particular?: string;
  paragraphs: string[];
}

export interface Letter {
  kind: LetterKind;
  title: string;
  /** The notice's reference, quoted when paying or writing back. */
  reference: string;
  date: IsoDate;
  /** Why the letter must not be served yet (its dates are not final); null when it may be. */
  draft: string | null;
  from: Pick<LetterSettings, 'logoText' | 'authorityName' | 'address' | 'telephone' | 'email'>;
  to: Addressee;
  child: Addressee;
  schoolName: string;
  sections: LetterSection[];
  signatory: Pick<LetterSignatory, 'name' | 'officialParticulars'> | null;
}

interface Parties {
  settings: LetterSettings;
  recipient: Addressee;
  child: Addressee;
  schoolName: string;
  signatory: LetterSignatory | null;
}

export const pounds = (amount: number): string =>
  `£${Number.isInteger(amount) ? amount : amount.toFixed(2)}`;
const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
const oneLine = (a: Addressee) => `${a.name}, ${a.address.join(', ')}`;

function letter(
  parties: Parties,
  head: Pick<Letter, 'kind' | 'title' | 'reference' | 'date' | 'draft' | 'sections'>,
): Letter {
  const { settings } = parties;
  return {
    ...head,
    from: {
      logoText: settings.logoText,
      authorityName: settings.authorityName,
      address: settings.address,
      telephone: settings.telephone,
      email: settings.email,
    },
    to: parties.recipient,
    child: parties.child,
    schoolName: parties.schoolName,
    signatory: parties.signatory
      ? { name: parties.signatory.name, officialParticulars: parties.signatory.officialParticulars }
      : null,
  };
}

const contact = (settings: LetterSettings): LetterSection => ({
  heading: 'Contact us',
  paragraphs: [
    `Write to ${settings.authorityName}, ${settings.address.join(', ')}, call ${settings.telephone} or e-mail ${settings.email}, quoting the reference at the top of this letter.`,
  ],
});

/** The grounds on which a penalty notice may be withdrawn (SI 2007/1867 regs 8 and 9), in words. */
export const WITHDRAWAL_GROUND_WORDS: Record<WithdrawalGround, string> = {
  'ought-not-to-have-been-issued': 'the notice ought not to have been issued',
  'issued-to-wrong-person': 'the notice was issued to the wrong person',
  'material-error': 'the notice contains material errors',
  'unpaid-not-prosecuted':
    'the penalty was not paid in full and the local authority decided not to prosecute',
};

export interface PenaltyNoticeForLetter {
  noticeId: string;
  issuedOn: IsoDate;
  offencePeriod: OffencePeriod;
  /** Unauthorised sessions counted towards the threshold in the offence period. */
  unauthorisedSessions: number;
  sequence: 1 | 2;
  amount: number;
  reducedAmount: number | null;
  servedOn: IsoDate;
  reducedRateEnds: IsoDate | null;
  paymentEnds: IsoDate;
  /** How it was sent, once recorded; null while the dates are still presumed from the day of issue. */
  service: { method: ServiceMethod; sentOn: IsoDate } | null;
}

/**
 * A penalty notice for one parent for one child (s444A Education Act 1996; SI 2007/1867 reg 3).
 * Until its service is recorded its payment dates are only presumed, so the letter is a draft.
 */
export function penaltyNoticeLetter(notice: PenaltyNoticeForLetter, parties: Parties): Letter {
  const { settings, recipient, child, schoolName, signatory } = parties;
  const received = ukDate(notice.servedOn);
  const receipt =
    notice.service === null
      ? `You are taken to receive this notice on ${received}.`
      : notice.service.method === 'post'
        ? `This notice was posted on ${ukDate(notice.service.sentOn)} and is taken to be received on ${received}.`
        : `This notice was handed to you on ${received}, the day you received it.`;
  const amounts =
    notice.reducedAmount !== null && notice.reducedRateEnds !== null
      ? [
          `${pounds(notice.reducedAmount)} if paid within 21 days beginning with the day you receive this notice, that is by ${ukDate(notice.reducedRateEnds)}.`,
          `${pounds(notice.amount)} if paid after that but within 28 days beginning with the day you receive this notice, that is by ${ukDate(notice.paymentEnds)}.`,
        ]
      : [
          `${pounds(notice.amount)} if paid within 28 days beginning with the day you receive this notice, that is by ${ukDate(notice.paymentEnds)}. This is the second penalty notice issued to you for this child within 3 years, so no reduced amount applies.`,
        ];
  const sections: LetterSection[] = [
    {
      heading: 'The recipient',
      particular: 'reg 3(a)',
      paragraphs: [oneLine(recipient)],
    },
    {
      heading: 'The child and their school',
      particular: 'reg 3(b)',
      paragraphs: [oneLine(child), `Registered pupil at ${schoolName}.`],
    },
    {
      heading: 'The officer issuing this notice',
      particular: 'reg 3(c)',
      paragraphs: [
        signatory
          ? `${signatory.name}, ${signatory.officialParticulars}, on behalf of ${settings.authorityName}.`
          : 'No authorised officer is named for this notice.',
      ],
    },
    {
      heading: 'The offence and the date of issue',
      particular: 'reg 3(d)',
      paragraphs: [
        `The local authority has reason to believe that you have committed an offence under section 444(1) of the Education Act 1996: failing to secure the regular attendance at school of ${child.name}, a registered pupil at ${schoolName}, between ${ukDate(notice.offencePeriod.from)} and ${ukDate(notice.offencePeriod.to)}, during which ${sessions(notice.unauthorisedSessions)} of unauthorised absence were recorded.`,
        `This notice was issued on ${ukDate(notice.issuedOn)}.`,
      ],
    },
    {
      heading: 'The amount of the penalty',
      particular: 'reg 3(e)',
      paragraphs: amounts,
    },
    {
      heading: 'Who to pay, and where to write',
      particular: 'reg 3(f)',
      paragraphs: [
        `Pay the penalty to ${settings.payee}. Send any letter about this notice to ${settings.authorityName}, ${settings.address.join(', ')}.`,
      ],
    },
    {
      heading: 'How to pay',
      particular: 'reg 3(g)',
      paragraphs: [
        ...settings.paymentMethods,
        `Quote the reference ${notice.noticeId} with your payment.`,
      ],
    },
    {
      heading: 'The period for paying',
      particular: 'reg 3(h)',
      paragraphs: [
        `${receipt} The period for paying is the 28 days beginning with that day, ending on ${ukDate(notice.paymentEnds)}.`,
      ],
    },
    {
      heading: 'What paying means',
      particular: 'reg 3(i)',
      paragraphs: [
        'Paying the penalty in full within the period for paying discharges any liability you have to be convicted of the offence this notice describes.',
      ],
    },
    {
      heading: 'If you do not pay',
      particular: 'reg 3(j)',
      paragraphs: [
        `If the penalty is not paid in full by ${ukDate(notice.paymentEnds)}, the local authority must either prosecute you for the offence under section 444 of the Education Act 1996 or withdraw this notice. Paying part of the penalty does not discharge your liability.`,
      ],
    },
    {
      heading: 'When this notice may be withdrawn',
      particular: 'reg 3(k)',
      paragraphs: [
        `The local authority may withdraw this notice if ${WITHDRAWAL_GROUND_WORDS['ought-not-to-have-been-issued']}, ${WITHDRAWAL_GROUND_WORDS['issued-to-wrong-person']}, or ${WITHDRAWAL_GROUND_WORDS['material-error']}. It must withdraw it if the penalty is not paid in full and it does not prosecute. Any amount you paid on a withdrawn notice is refunded.`,
      ],
    },
    contact(settings),
  ];
  return letter(parties, {
    kind: 'penalty-notice',
    title: 'Penalty notice: failure to secure regular school attendance',
    reference: notice.noticeId,
    date: notice.issuedOn,
    draft:
      notice.service === null
        ? 'Record how and when this notice is sent (posted or handed over) before serving it: its payment dates run from the day it is received.'
        : null,
    sections,
  });
}

export interface NoticeToImproveForLetter {
  noticeId: string;
  issuedOn: IsoDate;
  improvementWeeks: number;
  periodEndsOn: IsoDate;
  sufficientImprovement: string;
  /** The unauthorised absence that led to it. */
  unauthorisedSessions: number;
  absencePeriod: OffencePeriod | null;
  supportOffered: string[];
}

/** A notice to improve: the final chance before a penalty notice (WTISA 2024 ch. 6). */
export function noticeToImproveLetter(nti: NoticeToImproveForLetter, parties: Parties): Letter {
  const { child, schoolName } = parties;
  const absence = nti.absencePeriod
    ? `${child.name} has had ${sessions(nti.unauthorisedSessions)} of unauthorised absence from ${schoolName} between ${ukDate(nti.absencePeriod.from)} and ${ukDate(nti.absencePeriod.to)}.`
    : `${child.name} has had ${sessions(nti.unauthorisedSessions)} of unauthorised absence from ${schoolName}.`;
  return letter(parties, {
    kind: 'notice-to-improve',
    title: 'Notice to improve: school attendance',
    reference: nti.noticeId,
    date: nti.issuedOn,
    draft: null,
    sections: [
      {
        heading: 'Why we are writing',
        paragraphs: [
          absence,
          'Parents must make sure their child attends school regularly. This notice gives you a final chance to improve attendance before a penalty notice is considered.',
        ],
      },
      {
        heading: 'The improvement period',
        paragraphs: [
          `You have ${nti.improvementWeeks} weeks, from ${ukDate(nti.issuedOn)} to ${ukDate(nti.periodEndsOn)}, to improve ${child.name}'s attendance.`,
          `What sufficient improvement means: ${nti.sufficientImprovement}`,
        ],
      },
      {
        heading: 'Support offered',
        paragraphs:
          nti.supportOffered.length > 0
            ? nti.supportOffered
            : ['Contact us to talk about what would help your child attend.'],
      },
      {
        heading: 'If attendance does not improve',
        paragraphs: [
          `If attendance has not improved sufficiently by ${ukDate(nti.periodEndsOn)}, a penalty notice may be issued to you (for a first notice, £80 if paid within 21 days of receiving it or £160 within 28 days). The local authority may also consider prosecution.`,
        ],
      },
      contact(parties.settings),
    ],
  });
}

export interface AttendanceForLetter {
  date: IsoDate;
  unauthorisedSessions: number;
  attendanceRate: number | null;
  from: IsoDate | null;
  to: IsoDate | null;
  supportOffered: string[];
}

/** A warning that attendance is a concern and that formal measures may follow. */
export function warningLetter(reference: string, a: AttendanceForLetter, parties: Parties): Letter {
  const { child, schoolName } = parties;
  const rate =
    a.attendanceRate === null
      ? ''
      : ` Their attendance is ${(a.attendanceRate * 100).toFixed(1)}%.`;
  const period =
    a.from && a.to ? ` between ${ukDate(a.from)} and ${ukDate(a.to)}` : ' this school year';
  return letter(parties, {
    kind: 'warning',
    title: 'Warning: your child’s school attendance',
    reference,
    date: a.date,
    draft: null,
    sections: [
      {
        heading: 'Why we are writing',
        paragraphs: [
          `${child.name} has had ${sessions(a.unauthorisedSessions)} of unauthorised absence from ${schoolName}${period}.${rate}`,
          'We want to help. Please contact us so we can understand what is getting in the way and agree support.',
        ],
      },
      {
        heading: 'Support we can offer',
        paragraphs:
          a.supportOffered.length > 0
            ? a.supportOffered
            : ['Early help, a meeting at school, or a referral to services that can help.'],
      },
      {
        heading: 'What may happen next',
        paragraphs: [
          'If attendance does not improve, the local authority may consider formal measures: an attendance contract, a notice to improve and, as a last resort, a penalty notice or prosecution.',
        ],
      },
      contact(parties.settings),
    ],
  });
}

export interface WithdrawalForLetter {
  noticeId: string;
  issuedOn: IsoDate;
  withdrawnOn: IsoDate;
  ground: WithdrawalGround;
  explanation: string;
  refundDue: number;
}

/** Notice that a penalty notice is withdrawn (SI 2007/1867 regs 8 and 9). */
export function withdrawalLetter(w: WithdrawalForLetter, parties: Parties): Letter {
  return letter(parties, {
    kind: 'withdrawal',
    title: 'Withdrawal of a penalty notice',
    reference: w.noticeId,
    date: w.withdrawnOn,
    draft: null,
    sections: [
      {
        heading: 'The notice withdrawn',
        paragraphs: [
          `Penalty notice ${w.noticeId}, issued on ${ukDate(w.issuedOn)} about ${parties.child.name}'s attendance at ${parties.schoolName}, is withdrawn on ${ukDate(w.withdrawnOn)}.`,
          `It is withdrawn because ${WITHDRAWAL_GROUND_WORDS[w.ground]}. ${w.explanation}`,
        ],
      },
      {
        heading: 'What this means',
        paragraphs: [
          'You do not have to pay the penalty, and you will not be prosecuted for the offence the notice described.',
          w.refundDue > 0
            ? `The ${pounds(w.refundDue)} you paid will be refunded.`
            : 'You made no payment, so there is nothing to refund.',
        ],
      },
      contact(parties.settings),
    ],
  });
}
