import type { PupilEvent } from '@app/domain';
import {
  FAMILY,
  PUPIL,
  referredToPanel,
  registered,
  registerWeeks,
  supportNotEngaged,
  supportOffered,
} from '@app/domain/testing/journey-fixtures';
import { givenEvents } from '../../testing/given-events';
import { caseFileProjection } from './case-file.projection';
import { caseFileItems, caseFilePupils } from './documents';

const given = givenEvents(caseFileProjection, `pupil-${PUPIL}`);
const V = 'national-2024';

const conversation: PupilEvent = {
  type: 'ConversationRecorded',
  data: {
    conversationId: 'conv-1',
    heldOn: '2024-10-07',
    withWhom: ['mother', 'pupil'],
    barriers: ['anxiety', 'transport'],
    barrierNotes: 'The bus is often full',
    pupilVoice: 'I feel sick before school',
    agreedNextSteps: ['School nurse referral'],
  },
};
const decided: PupilEvent = {
  type: 'PanelDecisionRecorded',
  data: {
    referralId: 'ref-1',
    decision: 'attendance-contract',
    rationale: 'Support has not been taken up',
    decidedOn: '2025-03-24',
    ruleSetVersion: V,
  },
};

/** The pupil's items as a caseworker reads them: newest first. */
async function fileOf(rm: Awaited<ReturnType<typeof given>>, facet = `pupil:${PUPIL}`) {
  const page = await rm.store.query(caseFileItems, {
    index: { field: 'facets', value: facet },
    sort: { field: 'order', direction: 'desc' },
  });
  return page.items;
}

describe('the case file', () => {
  it('lists what was recorded, newest first, each with the stage the case was at', async () => {
    const rm = await given([registered, conversation, supportOffered]);
    expect((await fileOf(rm)).map((i) => [i.kind, i.stage])).toEqual([
      ['support', 'facilitate-support'],
      ['conversation', 'listen-and-understand'],
      ['registration', 'expect'],
    ]);
  });

  it('keeps what a conversation recorded: who, barriers, the child’s voice, next steps', async () => {
    const rm = await given([registered, conversation]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:conversation`);
    expect(item.entries[0].data).toEqual(conversation.data);
  });

  it('adds a support action’s outcome to the support action', async () => {
    const rm = await given([registered, supportOffered, supportNotEngaged]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:support`);
    expect(item.entries.map((e) => e.type)).toEqual([
      'SupportActionRecorded',
      'SupportOutcomeRecorded',
    ]);
  });

  it('adds the panel’s decision and rationale to the referral', async () => {
    const rm = await given([registered, supportOffered, referredToPanel(), decided]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:panel-referral`);
    expect(item.entries[1]).toMatchObject({
      type: 'PanelDecisionRecorded',
      data: { decision: 'attendance-contract', rationale: 'Support has not been taken up' },
    });
  });

  it('can be read stage by stage', async () => {
    const rm = await given([registered, conversation, supportOffered]);
    const items = await fileOf(rm, `pupil:${PUPIL}|stage:listen-and-understand`);
    expect(items.map((i) => i.kind)).toEqual(['conversation']);
  });

  it('leaves registers out: attendance is summarised, not listed session by session', async () => {
    const rm = await given([registered, ...registerWeeks(40, 2)]);
    expect((await fileOf(rm)).map((i) => i.kind)).toEqual(['registration']);
  });

  it('records who recorded each entry and when', async () => {
    const rm = await given([
      registered,
      {
        stream: `pupil-${PUPIL}`,
        event: conversation,
        metadata: { actor: 'worker-1', role: 'link-worker', occurredAt: '2024-10-07T09:00:00Z' },
      },
    ]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:conversation`);
    expect(item.entries[0]).toMatchObject({
      actor: 'worker-1',
      role: 'link-worker',
      occurredAt: '2024-10-07T09:00:00Z',
      recordedAt: '2025-06-01T10:00:00.000Z',
    });
  });

  it('keeps the pupil’s school, allocation and stage for access and tagging', async () => {
    const rm = await given([
      registered,
      {
        type: 'LeadPractitionerAssigned',
        data: { practitionerId: 'w-9', assignedOn: '2024-10-01' },
      },
      conversation,
    ]);
    expect(await rm.get(caseFilePupils, PUPIL)).toMatchObject({
      schoolId: 'school-a',
      leadPractitionerId: 'w-9',
      stage: 'listen-and-understand',
      status: 'open',
    });
  });

  it('files a family plan with each child of the family, including a child linked later', async () => {
    const fam = `family-${FAMILY}`;
    const plan = {
      type: 'FamilyPlanRecorded' as const,
      data: {
        planId: 'plan-1',
        kind: 'early-help-plan' as const,
        leadPractitionerId: 'w-1',
        startsOn: '2024-11-01',
        summary: 'Morning routine and transport',
      },
    };
    const rm = await given([
      { stream: fam, event: plan },
      registered,
      {
        stream: fam,
        event: { type: 'PupilLinked', data: { pupilId: PUPIL, linkedOn: '2024-11-05' } },
      },
    ]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:family-plan`);
    expect(item.entries[0]).toMatchObject({ source: 'family', data: { planId: 'plan-1' } });
  });

  it('follows a plan with its attendance target and reviews, in the file of the child the target is for', async () => {
    const fam = `family-${FAMILY}`;
    const target = {
      planId: 'plan-1',
      targetId: 't-1',
      pupilId: PUPIL,
      baselineRate: 82.5,
      targetRate: 92,
      by: '2025-03-28',
      actions: [{ action: 'Breakfast club', owner: 'school', dueOn: '2025-01-20' }],
      setOn: '2025-01-13',
    };
    const rm = await given([
      registered,
      {
        stream: fam,
        event: { type: 'PupilLinked', data: { pupilId: PUPIL, linkedOn: '2024-11-05' } },
      },
      {
        stream: fam,
        event: {
          type: 'FamilyPlanRecorded',
          data: {
            planId: 'plan-1',
            kind: 'whole-family-plan',
            leadPractitionerId: 'w-1',
            startsOn: '2024-11-05',
            summary: 'One plan',
          },
        },
      },
      { stream: fam, event: { type: 'PlanTargetSet', data: target } },
      {
        stream: fam,
        event: {
          type: 'PlanTargetReviewed',
          data: {
            planId: 'plan-1',
            targetId: 't-1',
            pupilId: PUPIL,
            reviewedOn: '2025-03-28',
            attendanceRate: 88,
            targetRate: 92,
            outcome: 'partly-met',
            notes: '',
          },
        },
      },
    ]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:family-plan`);
    expect(item.entries.map((e) => e.type)).toEqual([
      'FamilyPlanRecorded',
      'PlanTargetSet',
      'PlanTargetReviewed',
    ]);
    expect(item.entries[2].data).toMatchObject({ outcome: 'partly-met', attendanceRate: 88 });
  });

  it('follows a targeting support meeting’s action for the pupil to its completion', async () => {
    const tsm = 'tsm-school-a-2024-autumn';
    const rm = await given([
      registered,
      {
        stream: tsm,
        event: {
          type: 'TargetingSupportActionAgreed',
          data: {
            actionId: 'a-1',
            pupilId: PUPIL,
            action: 'Home visit',
            owner: 'w-1',
            dueOn: '2024-10-20',
            agreedOn: '2024-10-01',
          },
        },
      },
      {
        stream: tsm,
        event: {
          type: 'TargetingSupportActionCompleted',
          data: { actionId: 'a-1', completedOn: '2024-10-18', outcome: 'Visited' },
        },
      },
    ]);
    const [item] = await fileOf(rm, `pupil:${PUPIL}|kind:targeting-support-action`);
    expect(item.entries.map((e) => e.type)).toEqual([
      'TargetingSupportActionAgreed',
      'TargetingSupportActionCompleted',
    ]);
  });
});
