import type { PupilEvent } from './events';
import { isPupilEventType, stageAfter } from './stage';

const conversation = {
  type: 'ConversationRecorded',
  data: {
    conversationId: 'c-1',
    heldOn: '2025-01-10',
    withWhom: ['parent'],
    barriers: [],
    barrierNotes: '',
    pupilVoice: '',
    agreedNextSteps: [],
  },
} as PupilEvent;

describe('the stage a journey is at (WTISA 2024, the graduated response)', () => {
  it('moves up to the stage an activity belongs to', () => {
    expect(stageAfter('monitor', conversation)).toBe('listen-and-understand');
  });

  it('never moves down for an activity of an earlier stage', () => {
    expect(stageAfter('enforce', conversation)).toBe('enforce');
  });

  it('moves down only when the case is stepped down', () => {
    const steppedDown = {
      type: 'SteppedDown',
      data: { toStage: 'monitor', reason: 'Improved', steppedDownOn: '2025-03-01' },
    } as PupilEvent;
    expect(stageAfter('enforce', steppedDown)).toBe('monitor');
  });

  it('is unchanged by what belongs to no stage (a register, a deadline)', () => {
    const deadline = {
      type: 'DeadlineReached',
      data: {
        deadlineId: 'd',
        kind: 'attendance-contract-review-due',
        dueOn: '2025-03-01',
        ref: 'ac-1',
        action: '',
        reachedOn: '2025-03-01',
      },
    } as PupilEvent;
    expect(stageAfter('facilitate-support', deadline)).toBe('facilitate-support');
  });
});

describe('the event types a journey folds', () => {
  it('are the journey’s own, and no other', () => {
    expect(isPupilEventType('PenaltyNoticeIssued')).toBe(true);
    expect(isPupilEventType('FamilyRegistered')).toBe(false);
    expect(isPupilEventType('toString')).toBe(false);
  });
});
