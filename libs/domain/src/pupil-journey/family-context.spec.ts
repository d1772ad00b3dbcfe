import { contextOn, fold } from '../testing/given-when-then';
import {
  linked,
  issueNoticeToImproveToMum,
  registered,
  registerWeeks,
  supportOffered,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { decide } from './decide';
import { namesParentOrCarer } from './decide/guards';

/** A context whose family may not be read: reading it fails the decision. */
const familyUnread = (date: string) =>
  Object.defineProperty(contextOn(date), 'family', {
    get() {
      throw new Error('the decision read the family');
    },
  });

describe('the pupil’s family is read by the decisions that name a parent or carer, and only by them', () => {
  const state = fold([registered, linked, ...registerWeeks(1), supportOffered]);

  it('decides commands that name no parent or carer without the family', () => {
    const commands: PupilCommand[] = [
      {
        type: 'RecordConversation',
        conversationId: 'conv-1',
        heldOn: '2025-03-14',
        withWhom: ['pupil', 'parent'],
        barriers: ['anxiety'],
        agreedNextSteps: ['Check-in'],
      },
      { type: 'RaiseConcern', concernId: 'concern-1', summary: 'Mondays' },
      {
        type: 'RecordSupportAction',
        supportId: 'support-2',
        kind: 'in-school',
        description: 'Weekly mentor',
        startedOn: '2025-03-14',
      },
      { type: 'ReferToPanel', referralId: 'ref-1', reason: 'No improvement' },
    ];
    for (const command of commands) {
      expect(namesParentOrCarer(command)).toBe(false);
      expect(decide(command, state, familyUnread('2025-03-17')).length).toBeGreaterThan(0);
    }
  });

  it('reads the family to issue a notice to improve to a parent', () => {
    const notice = issueNoticeToImproveToMum;
    expect(namesParentOrCarer(notice)).toBe(true);
    expect(() => decide(notice, state, familyUnread('2025-03-17'))).toThrow(
      'the decision read the family',
    );
  });
});
