/**
 * The evidence pack as a printable HTML document: one self-contained file (inline CSS with a print
 * stylesheet, the chart as inline SVG, no script and no external asset), so what the court or the
 * panel is handed is exactly what was produced. Every value is escaped.
 */
import { renderAttendanceChart } from './attendance-chart';
import type { EvidencePack } from './evidence-pack';
import { caseworkSections } from './evidence-pack-html-casework';
import { facts, pct, table, words, yesNo } from './evidence-pack-html-parts';
import { escapeHtml as esc } from './html-escape';
import { letterArticleHtml } from '../letters/letter-html';

/** Who asked for the pack and why, printed on it (the access log holds the same). */
export interface ProducedFor {
  userId: string;
  role: string;
  purpose: string;
}

/** The chronology's rule down its left edge, so a printed page of it is recognisable (a test looks for it). */
export const CHRONOLOGY_RULE_COLOUR = '#5b2a86';

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; margin: 0; background: #fff; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
header.pack { border-bottom: 3px solid #1b1b1b; margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #bbb; padding-bottom: 2px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.meta { color: #444; margin: 2px 0; }
p.none { color: #555; font-style: italic; }
p.warning { border-left: 4px solid #b3261e; padding: 4px 8px; background: #fbeceb; }
dl.facts { display: grid; grid-template-columns: 16em 1fr; gap: 2px 12px; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 13px; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e9eef5; }
tr.subject td { font-weight: 600; background: #fff4dc; }
table.chronology { border-left: 6px solid ${CHRONOLOGY_RULE_COLOUR}; }
table.chronology tr.decision td { background: #fff4dc; }
figure.chart { margin: 8px 0 12px; }
figure.chart figcaption { font-size: 12px; color: #444; }
svg.attendance-chart { display: block; max-width: 100%; height: auto; }
footer { margin-top: 32px; font-size: 12px; color: #555; border-top: 1px solid #bbb; padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure.chart, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.chronology { break-before: page; page-break-before: always; }
  thead th, tr.subject td, table.chronology tr.decision td, p.warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg.attendance-chart { width: 100%; }
}`;

export function renderEvidencePackHtml(pack: EvidencePack, producedFor?: ProducedFor): string {
  const s = pack.subject;
  const a = pack.attendance;
  const parentName = (id: string) => {
    const p = pack.parents.find((x) => x.parentId === id);
    const name = pack.people?.[id]?.name ?? p?.reference;
    return p ? `${name} (${p.relationship})` : (name ?? id);
  };
  const title =
    s.kind === 'penalty-notice'
      ? `Evidence pack: penalty notice ${s.id}`
      : `Evidence pack: prosecution ${s.id}`;
  const subjectFacts: [string, unknown][] = [
    ['Parent(s)', s.parentIds.map(parentName).join(', ')],
    ['Offence period', `${s.offencePeriod.from} to ${s.offencePeriod.to}`],
    [s.kind === 'penalty-notice' ? 'Issued on' : 'Information laid on', s.decidedOn],
    ['Decided by', `${s.decidedBy.actor} (${words(s.decidedBy.role)})`],
    ['Recorded at', s.recordedAt],
    ['Rule set (code of conduct)', s.ruleSetVersion ?? 'not recorded'],
    ['Status', words(s.status)],
    ...Object.entries(s.facts)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .filter(([k]) => !['parentId', 'issuedOn', 'laidOn', 'noticeId', 'prosecutionId'].includes(k))
      .map(([k, v]): [string, unknown] => [
        k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
        v === null ? '—' : String(v),
      ]),
  ];
  const thresholdChanged =
    a.thresholdNow.count !== a.thresholdAtDecision.count ||
    a.thresholdNow.met !== a.thresholdAtDecision.met;

  const body = [
    `<header class="pack"><h1>${esc(title)}</h1>`,
    `<p class="meta">Pupil ${esc(pack.people?.[pack.pupil.pupilId]?.name ?? pack.pupil.reference)} (ref. ${esc(pack.pupil.reference)}, UPN ${esc(pack.pupil.upn ?? 'not recorded')}), born ${esc(pack.pupil.dateOfBirth)}, ${esc(pack.pupil.schoolId)}, year ${esc(pack.pupil.yearGroup)}</p>`,
    `<p class="meta">Produced ${esc(pack.generatedAt)}${producedFor ? ` by ${esc(producedFor.userId)} (${esc(words(producedFor.role))}) for: ${esc(producedFor.purpose)}` : ''}</p></header>`,

    '<section class="decision"><h2>The decision</h2>',
    facts(subjectFacts),
    '<h3>Parents and carers</h3>',
    table(
      'parents',
      [
        'Reference',
        'Name',
        'Address',
        'Relationship',
        'Parental responsibility',
        'Day-to-day care',
        'Named in this decision',
      ],
      pack.parents.map((p) => [
        p.reference,
        pack.people?.[p.parentId]?.name ?? 'not recorded',
        pack.people?.[p.parentId]?.address ?? 'not recorded',
        p.relationship,
        yesNo(p.hasParentalResponsibility),
        yesNo(p.hasDayToDayCare),
        yesNo(p.named),
      ]),
      'No parents or carers are recorded for the family.',
    ),
    '</section>',

    '<section class="attendance"><h2>Attendance in the offence period</h2>',
    facts([
      ['Period', `${a.period.from} to ${a.period.to}`],
      ['Possible sessions', a.statistics.possible],
      ['Attended', a.statistics.attended],
      ['Authorised absence', a.statistics.authorisedAbsence],
      ['Unauthorised absence', a.statistics.unauthorisedAbsence],
      ['Attendance rate', pct(a.statistics.rate)],
      [
        'National threshold at the decision',
        `${a.thresholdAtDecision.count} unauthorised sessions in the school weeks ${a.thresholdAtDecision.firstSchoolWeek ?? '—'} to ${a.thresholdAtDecision.lastSchoolWeek ?? '—'} (${a.thresholdAtDecision.met ? 'met' : 'not met'})`,
      ],
    ]),
    thresholdChanged
      ? `<p class="warning">${esc(`On the register as it stands now the threshold count is ${a.thresholdNow.count} (${a.thresholdNow.met ? 'met' : 'not met'}): marks were corrected after the decision.`)}</p>`
      : '',
    '<figure class="chart">',
    renderAttendanceChart({
      weeks: a.weeks,
      window: a.thresholdAtDecision,
      windowSessions: a.thresholdAtDecision.count,
    }),
    `<figcaption>${esc('Weekly attendance rate (attended ÷ possible sessions). The shaded band is the rolling period of school weeks in which the unauthorised sessions that met the national threshold fell.')}</figcaption></figure>`,
    '<h3>Sessions that met the threshold</h3>',
    table(
      'threshold-sessions',
      ['Date', 'Session', 'Code', 'School'],
      a.thresholdAtDecision.sessions.map((x) => [x.date, x.session, x.code, x.schoolId]),
      'No unauthorised sessions were counted.',
    ),
    '<h3>Weekly figures</h3>',
    table(
      'weeks',
      [
        'Week beginning',
        'Possible',
        'Attended',
        'Authorised absence',
        'Unauthorised absence',
        'Rate',
        'In threshold window',
      ],
      a.weeks.map((w) => [
        w.weekStart,
        w.possible,
        w.attended,
        w.authorisedAbsence,
        w.unauthorisedAbsence,
        pct(w.rate),
        w.inThresholdWindow ? 'yes' : '',
      ]),
      'No weeks.',
    ),
    '<h3>Corrected marks in the period</h3>',
    table(
      'corrections',
      ['Date', 'Session', 'From', 'To', 'Reason', 'Received', 'After the decision'],
      a.corrections.map((c) => [
        c.date,
        c.session,
        c.previousCode ?? '—',
        c.code,
        c.reason,
        c.receivedAt,
        c.afterDecision ? 'yes' : 'no',
      ]),
      'No marks in the period were corrected.',
    ),
    '</section>',

    ...caseworkSections(pack, parentName),

    '<section class="decisions"><h2>Decisions and the rule set each was made under</h2>',
    table(
      'decisions',
      ['Date', 'Decision', 'Rule set (code of conduct version)'],
      pack.decisions.map((d) => [d.onDate, d.description, d.ruleSetVersion]),
      'No decisions recorded.',
    ),
    '</section>',

    ...(pack.letters
      ? [
          '<section class="letters"><h2>Copies of the letters served</h2>',
          pack.letters.unavailable
            ? `<p class="none">${esc(pack.letters.unavailable)}</p>`
            : pack.letters.copies.length === 0
              ? '<p class="none">No notices were served.</p>'
              : pack.letters.copies.map(letterArticleHtml).join('\n'),
          '</section>',
        ]
      : []),

    '<section class="chronology" id="chronology"><h2>Chronology</h2>',
    `<p class="meta">${esc(`${pack.chronology.length} events of the pupil’s and the family’s records, in the order they were recorded.`)}</p>`,
    table(
      'chronology',
      ['#', 'Date', 'What happened', 'By', 'Role', 'Happened (entered)', 'Recorded'],
      pack.chronology.map((c, i) => [
        i + 1,
        c.onDate,
        c.description,
        c.actor,
        words(c.role),
        c.occurredAt,
        c.recordedAt,
      ]),
      'No events.',
      (i) => `chronology-entry${pack.chronology[i].ruleSetVersion ? ' decision' : ''}`,
    ),
    '</section>',
    `<footer>${esc(`Produced from the event records of pupil ${pack.pupil.reference}; every decision names the rule set it was made under. Generated ${pack.generatedAt}.`)}</footer>`,
  ].join('\n');

  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body><main>${body}</main></body></html>`,
  ].join('\n');
}
