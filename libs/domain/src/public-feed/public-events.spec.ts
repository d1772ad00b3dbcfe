import type { PupilEvent } from '../pupil-journey/events';
import {
  MUM,
  ntiIssued,
  penaltyNoticeIssued,
  PUPIL,
  registered,
  supportOffered,
} from '../testing/journey-fixtures';
import {
  FeedPupil,
  PublicEvent,
  PUBLIC_EVENT_TYPES,
  toPublicEvents,
  visibleData,
} from './public-events';

/** Folds a history through the mapping, as the feed's projection does, and collects what it publishes. */
function given(history: PupilEvent[]): {
  when: (event: PupilEvent) => PublicEvent[];
  pupil: FeedPupil | undefined;
} {
  let pupil: FeedPupil | undefined;
  for (const e of history) pupil = toPublicEvents(PUPIL, pupil, e).pupil;
  return { pupil, when: (event) => toPublicEvents(PUPIL, pupil, event).published };
}

const types = (published: PublicEvent[]) => published.map((p) => p.type);

const moved: PupilEvent = {
  type: 'SchoolChanged',
  data: {
    schoolId: 'school-b',
    schoolType: 'maintained',
    yearGroup: 9,
    changedOn: '2025-04-01',
  },
};

describe('the public feed of a pupil’s journey', () => {
  it('publishes a registration with the pupil’s school and stage, identifiers kept apart', () => {
    const [event] = given([]).when({
      ...registered,
      data: { ...registered.data, upn: 'A123456789012' },
    } as PupilEvent);
    expect(event.type).toBe('uk.gov.attendance.pupil.registered.v1');
    expect(event.data).toEqual({
      pupilId: PUPIL,
      reference: 'P-0001',
      schoolId: 'school-a',
      schoolType: 'academy',
      yearGroup: 8,
      registeredOn: '2024-09-02',
      stage: 'expect',
    });
    expect(event.restricted.identifiers).toEqual({
      upn: 'A123456789012',
      dateOfBirth: '2012-05-10',
    });
    expect(event.scope.schoolIds).toEqual(['school-a']);
  });

  it('publishes a stage change when an activity moves the journey up a stage', () => {
    const published = given([registered]).when(supportOffered);
    expect(published).toEqual([
      expect.objectContaining({
        type: 'uk.gov.attendance.pupil.stage-changed.v1',
        data: {
          pupilId: PUPIL,
          fromStage: 'expect',
          toStage: 'facilitate-support',
          direction: 'up',
        },
      }),
    ]);
  });

  it('publishes nothing for a conversation at a stage the journey has already passed', () => {
    const conversation: PupilEvent = {
      type: 'ConversationRecorded',
      data: {
        conversationId: 'c-1',
        heldOn: '2025-01-10',
        withWhom: ['parent'],
        barriers: ['anxiety'],
        barrierNotes: 'Worried about the bus',
        pupilVoice: 'I do not like the bus',
        agreedNextSteps: [],
      },
    };
    expect(given([registered, supportOffered]).when(conversation)).toEqual([]);
  });

  it('publishes a stepped-down case as a stage change downwards, and leaves its reason out', () => {
    const steppedDown: PupilEvent = {
      type: 'SteppedDown',
      data: {
        toStage: 'monitor',
        reason: 'Mum says the family is in crisis',
        steppedDownOn: '2025-05-01',
        ruleSetVersion: 'x',
      },
    };
    const published = given([registered, supportOffered]).when(steppedDown);
    expect(published.map((p) => p.data)).toEqual([
      { pupilId: PUPIL, fromStage: 'facilitate-support', toStage: 'monitor', direction: 'down' },
    ]);
    expect(JSON.stringify(published)).not.toContain('crisis');
  });

  it('publishes a school move to both the school left and the school joined', () => {
    const [event] = given([registered]).when(moved);
    expect(event.type).toBe('uk.gov.attendance.pupil.school-changed.v1');
    expect(event.data).toMatchObject({ fromSchoolId: 'school-a', schoolId: 'school-b' });
    expect(event.scope.schoolIds).toEqual(['school-a', 'school-b']);
  });

  it('scopes later events to the school the pupil moved to', () => {
    const [event] = given([registered, moved]).when(supportOffered);
    expect(event.scope.schoolIds).toEqual(['school-b']);
  });

  it('publishes a notice to improve and the move to enforcement, the parent kept apart as family data', () => {
    const published = given([registered, supportOffered]).when(ntiIssued());
    expect(types(published)).toEqual([
      'uk.gov.attendance.pupil.notice-to-improve-issued.v1',
      'uk.gov.attendance.pupil.stage-changed.v1',
    ]);
    expect(published[0].data).not.toHaveProperty('parentId');
    expect(published[0].data).not.toHaveProperty('sufficientImprovement');
    expect(published[0].restricted.family).toEqual({ parentId: MUM });
  });

  it('leaves the sums and the parent out of a penalty notice for a subscriber without family data', () => {
    const [notice] = given([registered, supportOffered, ntiIssued()]).when(
      penaltyNoticeIssued('pn-1', MUM, '2025-05-01', 1),
    );
    expect(visibleData(notice, ['identifiers'])).not.toHaveProperty('amount');
    expect(visibleData(notice, ['family'])).toMatchObject({ parentId: MUM, amount: 160 });
  });

  it('publishes a closure with the stage it closed at', () => {
    const closed: PupilEvent = {
      type: 'CaseClosed',
      data: {
        reason: 'improved',
        explanation: 'Back in school every day',
        closedOn: '2025-06-01',
        ruleSetVersion: 'x',
      },
    } as PupilEvent;
    const [event] = given([registered, supportOffered]).when(closed);
    expect(event).toMatchObject({
      type: 'uk.gov.attendance.pupil.case-closed.v1',
      data: { pupilId: PUPIL, closedOn: '2025-06-01', stage: 'facilitate-support' },
    });
    expect(JSON.stringify(event)).not.toContain('Back in school');
  });

  it('publishes nothing for an event type it does not know (written by a newer version)', () => {
    const unknown = { type: 'SomethingNew', data: {} } as unknown as PupilEvent;
    expect(given([registered]).when(unknown)).toEqual([]);
  });

  it('publishes nothing for a pupil it has not seen registered', () => {
    expect(given([]).when(supportOffered)).toEqual([]);
  });

  it('keeps the scope up to date when a lead practitioner or a social worker is allocated or the flags change', () => {
    const { pupil } = given([
      registered,
      {
        type: 'LeadPractitionerAssigned',
        data: { practitionerId: 'lw-7', assignedOn: '2025-01-01' },
      },
      {
        type: 'SocialWorkerAllocated',
        data: { socialWorkerId: 'sw-3', allocatedOn: '2025-01-01' },
      },
      {
        type: 'VulnerabilityFlagsUpdated',
        data: {
          flags: { ...(registered.data as { flags: object }).flags, lookedAfter: true },
          updatedOn: '2025-01-02',
        },
      } as PupilEvent,
    ]);
    expect(pupil).toMatchObject({
      leadPractitionerId: 'lw-7',
      socialWorkerId: 'sw-3',
      lookedAfter: true,
    });
  });

  it('names every public type with a version', () => {
    for (const type of PUBLIC_EVENT_TYPES)
      expect(type).toMatch(/^uk\.gov\.attendance\.pupil\.[a-z-]+\.v\d+$/);
  });
});
