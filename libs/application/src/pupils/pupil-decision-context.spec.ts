import {
  FamilyCommand,
  familyDecider,
  FamilyEvent,
  familyStreamId,
  NATIONAL_DEFAULTS,
  PupilCommand,
} from '@app/domain';
import { fold } from '@app/domain/testing/given-when-then';
import {
  FAMILY,
  issueNoticeToImproveToMum,
  linked,
  MUM,
  PUPIL,
  registered,
} from '@app/domain/testing/journey-fixtures';
import { MemoryEventStore } from '@app/event-store';
import { StreamStates } from '../commands/stream-states';
import { appendDomainEvents } from '../testing/append-domain-events';
import { pupilDecisionContext } from './pupil-commands';

const meta = {
  actor: 'a',
  role: 'link-worker',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '',
};
/** The pupil's family as its stream holds it: the family, a mother, the pupil linked. */
const familyCommands: FamilyCommand[] = [
  { type: 'RegisterFamily', familyId: FAMILY, reference: 'F-0001' },
  {
    type: 'AddParent',
    parentId: MUM,
    reference: 'M',
    relationship: 'mother',
    hasParentalResponsibility: true,
    hasDayToDayCare: true,
  },
  { type: 'LinkPupil', pupilId: PUPIL },
];
let familyState = familyDecider.initialState();
const familyEvents: FamilyEvent[] = [];
for (const command of familyCommands) {
  const events = familyDecider.decide(command, familyState, new Date('2024-09-02T10:00:00Z'));
  familyEvents.push(...events);
  familyState = events.reduce(familyDecider.evolve, familyState);
}

describe('the context a pupil command is decided with', () => {
  it('holds the pupil’s family for a command naming a parent, and does not load it for one that names none', async () => {
    const store = new MemoryEventStore();
    await appendDomainEvents(store, familyStreamId(FAMILY), familyEvents, meta);
    const states = new StreamStates(store);
    const loads = jest.spyOn(states, 'load');
    const state = fold([registered, linked]);
    const given = { now: new Date('2025-03-17T10:00:00Z'), codeOfConduct: NATIONAL_DEFAULTS };
    const conversation: PupilCommand = {
      type: 'RecordConversation',
      conversationId: 'conv-1',
      heldOn: '2025-03-14',
      withWhom: ['pupil'],
      barriers: [],
      agreedNextSteps: [],
    };
    expect((await pupilDecisionContext(states, state, conversation, given)).family).toBeUndefined();
    expect(loads).not.toHaveBeenCalled();
    const { family } = await pupilDecisionContext(states, state, issueNoticeToImproveToMum, given);
    expect(family).toEqual(familyState);
    // a batch (an import) decides all its commands with one context: a later one may name a parent
    const batch = await pupilDecisionContext(
      states,
      state,
      [conversation, issueNoticeToImproveToMum],
      given,
    );
    expect(batch.family).toEqual(familyState);
  });
});
