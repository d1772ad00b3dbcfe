import { InvalidInput } from '../errors';
import {
  LetterSettings,
  letterSettingsDecider,
  validateLetterSettings,
} from '../settings/letter-settings';
import {
  Letter,
  noticeToImproveLetter,
  penaltyNoticeLetter,
  PenaltyNoticeForLetter,
  warningLetter,
  withdrawalLetter,
} from './letters';

const settings: LetterSettings = {
  authorityName: 'Exampleshire County Council',
  address: ['County Hall', 'High Street', 'Exampletown', 'EX1 1AA'],
  logoText: 'Exampleshire County Council — Education Welfare',
  telephone: '0300 123 4567',
  email: 'attendance@exampleshire.gov.uk',
  payee: 'Exampleshire County Council',
  paymentMethods: ['Online at https://pay.exampleshire.gov.uk', 'By telephone on 0300 123 4000'],
  signatories: [
    {
      userId: 'officer-1',
      name: 'Jo Williams',
      officialParticulars: 'Attendance Officer, authorised by the local authority',
    },
  ],
};
const parties = {
  settings,
  recipient: { name: 'Sam Smith', address: ['1 Acacia Avenue', 'Exampletown', 'EX2 2BB'] },
  child: { name: 'Alex Smith', address: ['1 Acacia Avenue', 'Exampletown', 'EX2 2BB'] },
  schoolName: 'Example Primary School',
  signatory: settings.signatories[0],
};
const notice: PenaltyNoticeForLetter = {
  noticeId: 'pn-1',
  issuedOn: '2025-08-22',
  offencePeriod: { from: '2025-06-02', to: '2025-07-04' },
  unauthorisedSessions: 10,
  sequence: 1,
  amount: 160,
  reducedAmount: 80,
  servedOn: '2025-09-02',
  reducedRateEnds: '2025-09-22',
  paymentEnds: '2025-09-29',
  service: { method: 'post', sentOn: '2025-08-29' },
};
const section = (letter: Letter, particular: string) =>
  letter.sections.find((s) => s.particular === particular)!.paragraphs.join(' ');

describe('a penalty notice letter (SI 2007/1867 reg 3)', () => {
  const letter = penaltyNoticeLetter(notice, parties);

  it('given a posted first notice, when the letter is written, then it carries every particular (a) to (k), in order', () => {
    expect(letter.sections.filter((s) => s.particular).map((s) => s.particular)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((x) => `reg 3(${x})`),
    );
    expect(letter.draft).toBeNull();
    expect(letter.reference).toBe('pn-1');
  });

  it('names the recipient, the child with their address and school, and the issuing officer with their particulars', () => {
    expect(section(letter, 'reg 3(a)')).toBe('Sam Smith, 1 Acacia Avenue, Exampletown, EX2 2BB');
    expect(section(letter, 'reg 3(b)')).toBe(
      'Alex Smith, 1 Acacia Avenue, Exampletown, EX2 2BB Registered pupil at Example Primary School.',
    );
    expect(section(letter, 'reg 3(c)')).toBe(
      'Jo Williams, Attendance Officer, authorised by the local authority, on behalf of Exampleshire County Council.',
    );
  });

  it('states the offence period, the sessions and the date of issue', () => {
    expect(section(letter, 'reg 3(d)')).toContain(
      'between 2 June 2025 and 4 July 2025, during which 10 sessions of unauthorised absence were recorded',
    );
    expect(section(letter, 'reg 3(d)')).toContain('issued on 22 August 2025');
  });

  it('gives the amounts with the dates the domain worked out from receipt', () => {
    expect(section(letter, 'reg 3(e)')).toBe(
      '£80 if paid within 21 days beginning with the day you receive this notice, that is by 22 September 2025. £160 if paid after that but within 28 days beginning with the day you receive this notice, that is by 29 September 2025.',
    );
    expect(section(letter, 'reg 3(h)')).toBe(
      'This notice was posted on 29 August 2025 and is taken to be received on 2 September 2025. The period for paying is the 28 days beginning with that day, ending on 29 September 2025.',
    );
  });

  it('says who to pay and how, what paying means, what follows if not, and the grounds for withdrawal', () => {
    expect(section(letter, 'reg 3(f)')).toContain('Pay the penalty to Exampleshire County Council');
    expect(section(letter, 'reg 3(g)')).toBe(
      'Online at https://pay.exampleshire.gov.uk By telephone on 0300 123 4000 Quote the reference pn-1 with your payment.',
    );
    expect(section(letter, 'reg 3(i)')).toContain('discharges any liability');
    expect(section(letter, 'reg 3(j)')).toContain(
      'not paid in full by 29 September 2025, the local authority must either prosecute you',
    );
    expect(section(letter, 'reg 3(k)')).toContain('the notice was issued to the wrong person');
  });

  it('given a second notice, when the letter is written, then it asks £160 with no reduced amount', () => {
    const second = penaltyNoticeLetter(
      { ...notice, sequence: 2, reducedAmount: null, reducedRateEnds: null },
      parties,
    );
    expect(section(second, 'reg 3(e)')).toMatch(
      /^£160 if paid within 28 days .* by 29 September 2025\. This is the second/,
    );
  });

  it('given a notice handed over, when the letter is written, then receipt is the day it was handed over', () => {
    const handed = penaltyNoticeLetter(
      { ...notice, service: { method: 'hand', sentOn: '2025-09-02' } },
      parties,
    );
    expect(section(handed, 'reg 3(h)')).toMatch(
      /^This notice was handed to you on 2 September 2025/,
    );
  });

  it('given the service not yet recorded, when the letter is written, then it is a draft that says why', () => {
    const draft = penaltyNoticeLetter({ ...notice, service: null }, parties);
    expect(draft.draft).toMatch(/Record how and when this notice is sent/);
    expect(section(draft, 'reg 3(h)')).toMatch(
      /^You are taken to receive this notice on 2 September 2025/,
    );
  });

  it('given no signatory for the officer, when the letter is written, then the gap is stated, not hidden', () => {
    expect(section(penaltyNoticeLetter(notice, { ...parties, signatory: null }), 'reg 3(c)')).toBe(
      'No authorised officer is named for this notice.',
    );
  });
});

describe('the other letters', () => {
  it('a notice to improve gives the improvement period, what sufficient improvement means and the support offered', () => {
    const letter = noticeToImproveLetter(
      {
        noticeId: 'nti-1',
        issuedOn: '2025-05-05',
        improvementWeeks: 6,
        periodEndsOn: '2025-06-15',
        sufficientImprovement: 'No unauthorised absence in the improvement period.',
        unauthorisedSessions: 12,
        absencePeriod: { from: '2025-03-03', to: '2025-04-25' },
        supportOffered: ['Breakfast club', 'Weekly check-in with the school nurse'],
      },
      parties,
    );
    const text = letter.sections.flatMap((s) => s.paragraphs).join(' ');
    expect(text).toContain(
      '12 sessions of unauthorised absence from Example Primary School between 3 March 2025 and 25 April 2025',
    );
    expect(text).toContain('You have 6 weeks, from 5 May 2025 to 15 June 2025');
    expect(text).toContain(
      'What sufficient improvement means: No unauthorised absence in the improvement period.',
    );
    expect(text).toContain('Breakfast club');
  });

  it('a warning letter states the absence and offers support before anything formal', () => {
    const letter = warningLetter(
      'warning-1',
      {
        date: '2025-03-10',
        unauthorisedSessions: 1,
        attendanceRate: 0.884,
        from: '2025-01-06',
        to: '2025-03-07',
        supportOffered: [],
      },
      parties,
    );
    const text = letter.sections.flatMap((s) => s.paragraphs).join(' ');
    expect(text).toContain('1 session of unauthorised absence');
    expect(text).toContain('Their attendance is 88.4%.');
    expect(text).toContain('Early help');
  });

  it('a withdrawal says on which ground, that nothing is owed, and what is refunded', () => {
    const letter = withdrawalLetter(
      {
        noticeId: 'pn-1',
        issuedOn: '2025-08-22',
        withdrawnOn: '2025-09-05',
        ground: 'material-error',
        explanation: 'The notice gave the wrong offence period.',
        refundDue: 80,
      },
      parties,
    );
    const text = letter.sections.flatMap((s) => s.paragraphs).join(' ');
    expect(text).toContain('It is withdrawn because the notice contains material errors.');
    expect(text).toContain('The £80 you paid will be refunded.');
    const none = withdrawalLetter(
      {
        noticeId: 'pn-1',
        issuedOn: '2025-08-22',
        withdrawnOn: '2025-10-01',
        ground: 'unpaid-not-prosecuted',
        explanation: 'Decided not to prosecute.',
        refundDue: 0,
      },
      parties,
    );
    expect(none.sections.flatMap((s) => s.paragraphs).join(' ')).toContain('nothing to refund');
  });
});

describe('letter settings', () => {
  it('given valid settings, when adopted, then they are recorded trimmed with the day of adoption', () => {
    const events = letterSettingsDecider.decide(
      {
        type: 'AdoptLetterSettings',
        settings: { ...settings, authorityName: ' Exampleshire County Council ' },
      },
      letterSettingsDecider.initialState(),
      new Date('2025-09-01T10:00:00Z'),
    );
    expect(events).toEqual([
      { type: 'LetterSettingsAdopted', data: { settings, adoptedOn: '2025-09-01' } },
    ]);
    expect(
      letterSettingsDecider.evolve(letterSettingsDecider.initialState(), events[0]).current,
    ).toEqual(settings);
  });

  it.each([
    ['authorityName', { authorityName: '' }],
    ['address', { address: ['One line only'] }],
    ['email', { email: 'not-an-address' }],
    ['paymentMethods', { paymentMethods: [] }],
    ['signatories[0].name', { signatories: [{ userId: 'x', name: '', officialParticulars: 'y' }] }],
    ['signatories', { signatories: [settings.signatories[0], settings.signatories[0]] }],
  ])('refuses settings with a bad %s, naming it', (field, change) => {
    expect(() => validateLetterSettings({ ...settings, ...change } as LetterSettings)).toThrow(
      InvalidInput,
    );
    try {
      validateLetterSettings({ ...settings, ...change } as LetterSettings);
    } catch (e) {
      expect((e as InvalidInput).details).toEqual({ field });
    }
  });
});
