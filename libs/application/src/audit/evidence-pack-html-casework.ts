/**
 * The casework sections of the evidence pack's HTML: support and engagement, conversations,
 * contracts and reviews, notices to improve, penalty notices and payments, prosecutions. The row
 * of the decision the pack is about is highlighted.
 */
import type { EvidencePack } from './evidence-pack';
import { facts, money, table, words, yesNo } from './evidence-pack-html-parts';
import { escapeHtml as esc } from './html-escape';

export function caseworkSections(
  pack: EvidencePack,
  parentName: (parentId: string) => string,
): string[] {
  const s = pack.subject;
  return [
    '<section class="support"><h2>Support offered and the family’s engagement</h2>',
    table(
      'support',
      ['Started', 'Kind', 'Description', 'Outcome', 'Family engaged', 'Outcome recorded'],
      pack.support.offered.map((x) => [
        x.startedOn,
        words(x.kind),
        x.description,
        words(x.outcome) || 'not yet recorded',
        yesNo(x.familyEngaged),
        x.outcomeRecordedOn,
      ]),
      'No support was recorded.',
    ),
    pack.support.notAppropriate.length
      ? table(
          'support-not-appropriate',
          [
            'Recorded',
            'Support not appropriate because',
            'Explanation',
            'Offence period',
            'Rule set',
          ],
          pack.support.notAppropriate.map((x) => [
            x.recordedOn,
            words(x.reason),
            x.explanation,
            x.offencePeriod
              ? `${x.offencePeriod.from} to ${x.offencePeriod.to}`
              : 'the case as a whole',
            x.ruleSetVersion,
          ]),
          '',
        )
      : '',
    '<h3>Family plans</h3>',
    table(
      'family-plans',
      ['Starts', 'Kind', 'Summary'],
      pack.support.familyPlans.map((p) => [p.startsOn, words(p.kind), p.summary]),
      'No family plan was recorded.',
    ),
    '<h3>Attendance panel</h3>',
    table(
      'panel',
      ['Referred', 'Reason', 'Decision', 'Rationale', 'Decided', 'Rule set'],
      pack.support.panel.map((p) => [
        p.referredOn,
        p.reason,
        words(p.decision) || 'pending',
        p.rationale,
        p.decidedOn,
        p.ruleSetVersion,
      ]),
      'The case was not referred to the panel.',
    ),
    '</section>',

    '<section class="conversations"><h2>Conversations</h2>',
    table(
      'conversations',
      ['Held', 'With', 'Barriers', 'Notes', 'Pupil’s voice', 'Agreed next steps'],
      pack.conversations.map((c) => [
        c.heldOn,
        c.withWhom.map(words).join(', '),
        c.barriers.map(words).join(', '),
        c.barrierNotes,
        c.pupilVoice,
        c.agreedNextSteps.join('; '),
      ]),
      'No conversation was recorded.',
    ),
    '</section>',

    '<section class="contracts"><h2>Attendance contracts and reviews</h2>',
    pack.contracts.length
      ? pack.contracts
          .map((k) =>
            [
              `<h3>${esc(`Contract ${k.contractId}`)}</h3>`,
              facts([
                ['Parents', k.parentIds.map(parentName).join(', ')],
                ['Runs', `${k.startsOn} to ${k.endsOn}`],
                ['Parents commit to', k.parentCommitments.join('; ')],
                ['Support commits to', k.supportCommitments.join('; ')],
                ['Reviews planned', k.reviewDates.join(', ')],
                ['Rule set', k.ruleSetVersion],
                ['Ended', k.ended ? `${k.ended.endedOn} (${words(k.ended.reason)})` : 'no'],
              ]),
              table(
                'contract-reviews',
                ['Reviewed', 'Outcome', 'Notes', 'Rule set'],
                k.reviews.map((r) => [r.reviewedOn, words(r.outcome), r.notes, r.ruleSetVersion]),
                'Not yet reviewed.',
              ),
            ].join(''),
          )
          .join('')
      : '<p class="none">No attendance contract was agreed.</p>',
    '</section>',

    '<section class="notices-to-improve"><h2>Notices to improve</h2>',
    table(
      'notices-to-improve',
      [
        'Issued',
        'Parent',
        'Improvement period',
        'Sufficient improvement means',
        'Outcome',
        'Rule set',
        'Relied on',
      ],
      pack.noticesToImprove.map((n) => [
        n.issuedOn,
        parentName(n.parentId),
        `${n.improvementWeeks} weeks, to ${n.periodEndsOn}`,
        n.sufficientImprovement,
        n.outcome ? `${words(n.outcome)} (${n.outcomeRecordedOn})` : 'not yet recorded',
        n.ruleSetVersion,
        n.reliedOn ? 'yes' : '',
      ]),
      'No notice to improve was issued.',
      (i) => (pack.noticesToImprove[i].reliedOn ? 'subject' : ''),
    ),
    '</section>',

    '<section class="penalty-notices"><h2>Penalty notices and payments</h2>',
    table(
      'penalty-notices',
      [
        'Issued',
        'Parent',
        'Offence period',
        'Sequence',
        'Amount',
        'Deadlines',
        'Payments',
        'Status',
        'Rule set',
      ],
      pack.penaltyNotices.map((n) => [
        n.issuedOn,
        parentName(n.parentId),
        `${n.offencePeriod.from} to ${n.offencePeriod.to}`,
        n.sequence,
        n.reducedAmount === null
          ? money(n.amount)
          : `${money(n.reducedAmount)} / ${money(n.amount)}`,
        n.reducedRateEnds ? `${n.reducedRateEnds} / ${n.paymentEnds}` : n.paymentEnds,
        n.payments.map((p) => `${money(p.amount)} on ${p.paidOn}`).join('; ') || 'none',
        n.withdrawal
          ? `withdrawn ${n.withdrawal.withdrawnOn} (${words(n.withdrawal.ground)})`
          : n.status,
        n.ruleSetVersion,
      ]),
      'No penalty notice was issued.',
      (i) =>
        s.kind === 'penalty-notice' && pack.penaltyNotices[i].noticeId === s.id ? 'subject' : '',
    ),
    '</section>',

    '<section class="prosecutions"><h2>Prosecutions</h2>',
    table(
      'prosecutions',
      [
        'Laid',
        'Section',
        'Parents',
        'Offence period',
        'Supervision order considered',
        'Outcome',
        'Rule set',
      ],
      pack.prosecutions.map((p) => [
        p.laidOn,
        p.section,
        p.parentIds.map(parentName).join(', '),
        `${p.offencePeriod.from} to ${p.offencePeriod.to}`,
        p.esoConsideration,
        p.outcome
          ? `${words(p.outcome.outcome)} (${p.outcome.recordedOn})${p.outcome.sentence ? `: ${p.outcome.sentence}` : ''}`
          : 'pending',
        p.ruleSetVersion,
      ]),
      'No prosecution was brought.',
      (i) =>
        s.kind === 'prosecution' && pack.prosecutions[i].prosecutionId === s.id ? 'subject' : '',
    ),
    '</section>',
  ];
}
