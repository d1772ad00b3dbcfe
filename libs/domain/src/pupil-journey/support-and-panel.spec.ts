import { InvalidInput } from '../errors';
import { contextOn, fold, given } from '../testing/given-when-then';
import { registered, supportOffered } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { DuplicateId, JourneyRefused } from './decide/guards';

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

  it('records a conversation, its barriers and agreed next steps', () => {
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
  });

  it("records the child's and the parents' voice in their words (WTISA 2024, listen and understand)", () => {
    given([registered])
      .when(
        {
          ...conversation,
          pupilVoice: 'I get anxious in the corridors',
          parentVoice: ' We cannot afford the bus every day ',
        },
        on('2025-01-20'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: {
            pupilVoice: 'I get anxious in the corridors',
            parentVoice: 'We cannot afford the bus every day',
          },
        }),
      );
  });

  it('moves the journey to listen and understand, noting the last contact', () => {
    expect(fold([registered, recorded])).toMatchObject({
      stage: 'listen-and-understand',
      lastContactOn: '2025-01-20',
    });
  });

  it('refuses a conversation with nobody', () => {
    given([registered])
      .when({ ...conversation, withWhom: [] } as PupilCommand, on('2025-01-20'))
      .thenThrows(InvalidInput, /who the conversation was with/);
  });

  it('refuses a conversation dated in the future', () => {
    given([registered])
      .when(conversation, on('2025-01-19'))
      .thenThrows(InvalidInput, /future/);
  });

  it('refuses a barrier outside the taxonomy', () => {
    given([registered])
      .when({ ...conversation, barriers: ['laziness'] } as never, on('2025-01-20'))
      .thenThrows(InvalidInput, /barriers must be one of: physical-health, mental-health/);
  });

  it('refuses the same conversation twice', () => {
    given([registered, recorded])
      .when(conversation, on('2025-01-21'))
      .thenThrows(DuplicateId, /already recorded/);
  });

  const assigned = {
    type: 'LeadPractitionerAssigned',
    data: { practitionerId: 'lw-1', assignedOn: '2025-01-20' },
  } as const;

  it('assigns a lead practitioner', () => {
    given([registered])
      .when({ type: 'AssignLeadPractitioner', practitionerId: 'lw-1' }, on('2025-01-20'))
      .then([assigned]);
    expect(fold([registered, assigned]).leadPractitionerId).toBe('lw-1');
  });

  it('treats assigning the same lead practitioner again as done', () => {
    given([registered, assigned])
      .when({ type: 'AssignLeadPractitioner', practitionerId: 'lw-1' }, on('2025-01-21'))
      .then([]);
  });

  it('changes the lead practitioner', () => {
    given([registered, assigned])
      .when({ type: 'AssignLeadPractitioner', practitionerId: 'lw-2' }, on('2025-01-21'))
      .then([
        {
          type: 'LeadPractitionerAssigned',
          data: { practitionerId: 'lw-2', assignedOn: '2025-01-21' },
        },
      ]);
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
  });

  it('records an outcome only for support on this journey', () => {
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

  it('knows only the kinds of support the guidance names', () => {
    given([registered])
      .when(
        {
          type: 'RecordSupportAction',
          supportId: 's-9',
          kind: 'pep-talk' as never,
          description: 'x',
          startedOn: '2025-01-27',
        },
        on('2025-01-27'),
      )
      .thenThrows(InvalidInput, /kind must be one of/);
  });

  it('refuses the same support action twice', () => {
    given([registered, supportOffered])
      .when(
        {
          type: 'RecordSupportAction',
          supportId: 'support-1',
          kind: 'camhs',
          description: 'x',
          startedOn: '2025-01-27',
        },
        on('2025-01-27'),
      )
      .thenThrows(DuplicateId);
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

  describe('for one offence period (WTISA 2024 ch. 6: support first unless not appropriate, e.g. a term-time holiday)', () => {
    const forPeriod = (from: string, to: string): PupilCommand => ({
      type: 'RecordSupportNotAppropriate',
      reason: 'term-time-holiday',
      explanation: 'Holiday in term time',
      offencePeriod: { from, to },
    });

    it('refuses a period that has not happened yet', () => {
      given([registered])
        .when(forPeriod('2025-03-10', '2025-03-21'), on('2025-03-17'))
        .thenThrows(InvalidInput, /offencePeriod\.to \(2025-03-21\) cannot be in the future/);
    });

    it('refuses a period that ends before it starts', () => {
      given([registered])
        .when(forPeriod('2025-03-14', '2025-03-03'), on('2025-03-17'))
        .thenThrows(InvalidInput, /ends \(2025-03-03\) before it starts/);
    });

    it('refuses a date that does not exist', () => {
      given([registered])
        .when(forPeriod('2025-02-30', '2025-03-03'), on('2025-03-17'))
        .thenThrows(InvalidInput, /offencePeriod\.from must be a real date/);
    });

    it('refuses a period starting before the pupil was born', () => {
      given([registered])
        .when(forPeriod('2012-05-01', '2025-03-03'), on('2025-03-17'))
        .thenThrows(InvalidInput, /before the pupil was born \(2012-05-10\)/);
    });

    it('accepts a period ending today', () => {
      given([registered])
        .when(forPeriod('2025-03-03', '2025-03-17'), on('2025-03-17'))
        .thenRecords(([e]) =>
          expect(e).toMatchObject({
            data: { offencePeriod: { from: '2025-03-03', to: '2025-03-17' } },
          }),
        );
    });
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

  const decideIt: PupilCommand = {
    type: 'RecordPanelDecision',
    referralId: 'ref-1',
    decision: 'attendance-contract',
    rationale: 'Parents willing to commit',
  };
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

  it('takes a referral with a reason', () => {
    given([registered])
      .when(
        { type: 'ReferToPanel', referralId: 'ref-1', reason: 'Stuck: support not engaged with' },
        on('2025-02-03'),
      )
      .then([referred]);
  });

  it('takes one referral at a time', () => {
    given([registered, referred])
      .when({ type: 'ReferToPanel', referralId: 'ref-2', reason: 'again' }, on('2025-02-04'))
      .thenThrows(JourneyRefused, /already waiting/);
  });

  it('takes a new referral once the last was decided', () => {
    given([registered, referred, decided])
      .when(
        { type: 'ReferToPanel', referralId: 'ref-2', reason: 'Contract not kept' },
        on('2025-04-01'),
      )
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { referralId: 'ref-2' } }));
  });

  it('records the panel’s decision and rationale under the rules in force', () => {
    given([registered, referred])
      .when(decideIt, on('2025-02-10'))
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
    expect(fold([registered, referred, decided]).panelReferrals[0].decision).toBe(
      'attendance-contract',
    );
  });

  it('records the conditions the panel attached to its decision', () => {
    given([registered, referred])
      .when(
        { ...decideIt, conditions: [' Review at the May panel ', '', 'Take up early help'] },
        on('2025-02-10'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { conditions: ['Review at the May panel', 'Take up early help'] },
        }),
      );
  });

  it('records a decision once', () => {
    given([registered, referred, decided])
      .when(decideIt, on('2025-02-11'))
      .thenThrows(JourneyRefused, /already decided/);
  });

  it('records a decision only for a referral on this journey', () => {
    given([registered])
      .when(decideIt, on('2025-02-11'))
      .thenThrows(JourneyRefused, /no such panel referral/);
  });

  it('knows only the decisions a panel can make', () => {
    given([registered, referred])
      .when({ ...decideIt, decision: 'fine-them' as never }, on('2025-02-10'))
      .thenThrows(InvalidInput, /decision must be one of: continue-support/);
  });
});
