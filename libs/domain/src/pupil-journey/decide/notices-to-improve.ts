/** Notices to improve: the parent's final chance before a penalty notice (WTISA 2024 ch. 6). */
import type { DecisionContext } from '../../decision-context';
import { improvementPeriodEnds } from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import {
  IndependentSchoolPupil,
  JourneyRefused,
  notInFuture,
  requireCompulsorySchoolAge,
  requireDate,
  requireLinkedParent,
  requireNewId,
  requireSupportFirst,
  requireText,
} from './guards';

export function issueNoticeToImprove(
  c: PupilCommandOf<'IssueNoticeToImprove'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.noticeId, 'notice to improve');
  notInFuture(requireDate(c.issuedOn, 'issuedOn'), context, 'issuedOn');
  // A notice to improve leads to a penalty notice, which the framework does not allow there.
  if (state.schoolType === 'independent') throw new IndependentSchoolPupil('A notice to improve');
  requireCompulsorySchoolAge(state, c.issuedOn);
  requireSupportFirst(state, 'a notice to improve');
  requireLinkedParent(state, context, c.parentId);
  if (state.noticesToImprove.some((n) => n.parentId === c.parentId && n.outcome === null)) {
    throw new JourneyRefused(
      'notice-to-improve-open',
      'This parent already has a notice to improve whose outcome is not yet recorded; record its outcome first.',
    );
  }
  const weeks = c.improvementWeeks ?? context.codeOfConduct.noticeToImproveWeeks;
  return [
    {
      type: 'NoticeToImproveIssued',
      data: {
        noticeId: c.noticeId,
        parentId: c.parentId,
        issuedOn: c.issuedOn,
        improvementWeeks: weeks,
        periodEndsOn: improvementPeriodEnds(c.issuedOn, weeks),
        sufficientImprovement: requireText(c.sufficientImprovement, 'sufficientImprovement'),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function recordNoticeToImproveOutcome(
  c: PupilCommandOf<'RecordNoticeToImproveOutcome'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = state.noticesToImprove.find((n) => n.noticeId === c.noticeId);
  if (!notice)
    throw new JourneyRefused(
      'unknown-notice-to-improve',
      'There is no such notice to improve on this journey.',
    );
  if (notice.outcome !== null)
    throw new JourneyRefused(
      'outcome-recorded',
      `The outcome of this notice to improve is already recorded (${notice.outcome}).`,
    );
  notInFuture(requireDate(c.recordedOn, 'recordedOn'), context, 'recordedOn');
  if (c.recordedOn < notice.periodEndsOn) {
    throw new JourneyRefused(
      'improvement-period-running',
      `The improvement period runs until ${notice.periodEndsOn}; its outcome can be recorded from then.`,
      'rule',
      { periodEndsOn: notice.periodEndsOn },
    );
  }
  return [
    {
      type: 'NoticeToImproveOutcomeRecorded',
      data: {
        noticeId: c.noticeId,
        outcome: c.outcome,
        recordedOn: c.recordedOn,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}
