import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import { registered, supportOffered } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { JourneyRefused } from './decide/guards';

const on = (date: string) => contextOn(date);

describe('listen and understand', () => {
  const conversation: PupilCommand = {
    type: 'RecordConversation',
    conversationId: 'conv-1',
    heldOn: '2025-01-20',
    withWhom: ['pupil', 'mother'],
    barriers: ['anxiety', 'transport'],
    agreedNextSteps: ['Morning check-in', 'Bus pass'],
  };

  it('records a conversation, its barriers and next steps, and moves the journey to listen and understand', () => {
    given([registered])
      .when(conversation, on('2025-01-20'))
      .then([
        {
          type: 'ConversationRecorded',
          data: {
            conversationId: 'conv-1',
            heldOn: '2025-01-20',
            withWhom: ['pupil', 'mother'],
            barriers: ['anxiety', 'transport'],
            barrierNotes: '',
            pupilVoice: '',
            agreedNextSteps: ['Morning check-in', 'Bus pass'],
          },
        },
      ]);
    const recorded = {
      type: 'ConversationRecorded',
      data: {
        conversationId: 'conv-1',
        heldOn: '2025-01-20',
        withWhom: ['pupil'],
        barriers: [],
        barrierNotes: '',
        pupilVoice: '',
        agreedNextSteps: [],
      },
    } as never;
    expect(fold([registered, recorded])).toMatchObject({
      stage: 'listen-and-understand',
      lastContactOn: '2025-01-20',
    });
  });

  it('refuses a conversation with nobody, in the future, or recorded twice', () => {
    given([registered])
      .when({ ...conversation, withWhom: [] } as PupilCommand, on('2025-01-20'))
      .thenThrows(InvalidInput, /who the conversation was with/);
    given([registered])
      .when(conversation, on('2025-01-19'))
      .thenThrows(InvalidInput, /future/);
    const recorded = {
      type: 'ConversationRecorded',
      data: {
        conversationId: 'conv-1',
        heldOn: '2025-01-20',
        withWhom: ['pupil'],
        barriers: [],
        barrierNotes: '',
        pupilVoice: '',
        agreedNextSteps: [],
      },
    } as never;
    given([registered, recorded])
      .when(conversation, on('2025-01-21'))
      .thenThrows(JourneyRefused, /already recorded/);
  });

  it('assigns a lead practitioner, and treats the same one again as done', () => {
    given([registered])
      .when({ type: 'AssignLeadPractitioner', practitionerId: 'lw-1' }, on('2025-01-20'))
      .then([
        {
          type: 'LeadPractitionerAssigned',
          data: { practitionerId: 'lw-1', assignedOn: '2025-01-20' },
        },
      ]);
    const assigned = {
      type: 'LeadPractitionerAssigned',
      data: { practitionerId: 'lw-1', assignedOn: '2025-01-20' },
    } as const;
    given([registered, assigned])
      .when({ type: 'AssignLeadPractitioner', practitionerId: 'lw-1' }, on('2025-01-21'))
      .then([]);
    expect(fold([registered, assigned]).leadPractitionerId).toBe('lw-1');
  });
});

describe('facilitate support', () => {
  it('records support and moves the journey to facilitate support', () => {
    given([registered])
      .when(
        {
          type: 'RecordSupportAction',
          supportId: 'support-1',
          kind: 'camhs',
          description: 'CAMHS referral',
          startedOn: '2025-01-27',
        },
        on('2025-01-27'),
      )
      .then([
        {
          type: 'SupportActionRecorded',
          data: {
            supportId: 'support-1',
            kind: 'camhs',
            description: 'CAMHS referral',
            startedOn: '2025-01-27',
          },
        },
      ]);
    expect(fold([registered, supportOffered]).stage).toBe('facilitate-support');
  });

  it('records how support went and whether the family engaged', () => {
    given([registered, supportOffered])
      .when(
        {
          type: 'RecordSupportOutcome',
          supportId: 'support-1',
          outcome: 'did-not-help',
          familyEngaged: false,
        },
        on('2025-02-10'),
      )
      .then([
        {
          type: 'SupportOutcomeRecorded',
          data: {
            supportId: 'support-1',
            outcome: 'did-not-help',
            familyEngaged: false,
            recordedOn: '2025-02-10',
          },
        },
      ]);
    given([registered])
      .when(
        {
          type: 'RecordSupportOutcome',
          supportId: 'support-1',
          outcome: 'helped',
          familyEngaged: true,
        },
        on('2025-02-10'),
      )
      .thenThrows(JourneyRefused, /no such support/);
  });

  it('records why support is not appropriate for the whole case, under the rules in force', () => {
    given([registered])
      .when(
        {
          type: 'RecordSupportNotAppropriate',
          reason: 'term-time-holiday',
          explanation: 'Holiday in term time',
        },
        on('2025-03-17'),
      )
      .then([
        {
          type: 'SupportNotAppropriateRecorded',
          data: {
            reason: 'term-time-holiday',
            explanation: 'Holiday in term time',
            offencePeriod: null,
            recordedOn: '2025-03-17',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
      ]);
  });

  it('records why support is not appropriate for one offence, such as a holiday’s dates', () => {
    given([registered])
      .when(
        {
          type: 'RecordSupportNotAppropriate',
          reason: 'term-time-holiday',
          explanation: 'Holiday in term time',
          offencePeriod: { from: '2025-03-03', to: '2025-03-14' },
        },
        on('2025-03-17'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { offencePeriod: { from: '2025-03-03', to: '2025-03-14' } },
        }),
      );
  });

  it('wants an explanation of why support is not appropriate', () => {
    given([registered])
      .when(
        { type: 'RecordSupportNotAppropriate', reason: 'other', explanation: '  ' },
        on('2025-03-17'),
      )
      .thenThrows(InvalidInput, /explanation must be given/);
  });
});

describe('the attendance panel', () => {
  const referred = {
    type: 'ReferredToPanel',
    data: {
      referralId: 'ref-1',
      reason: 'Stuck: support not engaged with',
      referredOn: '2025-02-03',
    },
  } as const;

  it('takes a referral with a reason, one at a time', () => {
    given([registered])
      .when(
        { type: 'ReferToPanel', referralId: 'ref-1', reason: 'Stuck: support not engaged with' },
        on('2025-02-03'),
      )
      .then([referred]);
    given([registered, referred])
      .when({ type: 'ReferToPanel', referralId: 'ref-2', reason: 'again' }, on('2025-02-04'))
      .thenThrows(JourneyRefused, /already waiting/);
  });

  it('records the panel’s decision and rationale once', () => {
    const decide: PupilCommand = {
      type: 'RecordPanelDecision',
      referralId: 'ref-1',
      decision: 'attendance-contract',
      rationale: 'Parents willing to commit',
    };
    given([registered, referred])
      .when(decide, on('2025-02-10'))
      .then([
        {
          type: 'PanelDecisionRecorded',
          data: {
            referralId: 'ref-1',
            decision: 'attendance-contract',
            rationale: 'Parents willing to commit',
            decidedOn: '2025-02-10',
            ruleSetVersion: 'national-2024-08-19',
          },
        },
      ]);
    const decided = {
      type: 'PanelDecisionRecorded',
      data: {
        referralId: 'ref-1',
        decision: 'attendance-contract',
        rationale: 'x',
        decidedOn: '2025-02-10',
        ruleSetVersion: 'v',
      },
    } as const;
    given([registered, referred, decided])
      .when(decide, on('2025-02-11'))
      .thenThrows(JourneyRefused, /already decided/);
    given([registered])
      .when(decide, on('2025-02-11'))
      .thenThrows(JourneyRefused, /no such panel referral/);
    expect(fold([registered, referred, decided]).panelReferrals[0].decision).toBe(
      'attendance-contract',
    );
  });
});
