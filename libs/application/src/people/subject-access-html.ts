/**
 * A subject-access export as one readable, printable page (no scripts, no external assets), every
 * value escaped: the person, their families, the events that mention them and who read the
 * family's history. Pure: an export in, a string out.
 */
import { escapeHtml as esc } from '../audit/html-escape';
import type { SubjectAccessExport } from './subject-access';

const STYLE = `
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; max-width: 70em; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
pre { white-space: pre-wrap; margin: 0; font-size: 9pt; }
@media print { body { margin: 0; font-size: 9pt; } thead { display: table-header-group; } tr { break-inside: avoid; } }
`;

const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no');
const row = (cells: unknown[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const table = (head: string[], rows: string[], empty: string) =>
  rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`
    : `<p>${esc(empty)}</p>`;

export function renderSubjectAccessHtml(sar: SubjectAccessExport): string {
  const p = sar.person;
  const facts: [string, unknown][] = [
    ['Person', p.personId],
    ['Kind', p.kind === 'pupil' ? 'pupil' : 'parent or carer'],
    ['Name', p.name],
    ['Address', p.address],
    ['E-mail', p.email ?? 'not held'],
    ['Telephone', p.phone ?? 'not held'],
    ['Recorded on', p.recordedOn],
    ...(p.correctedOn ? [['Last corrected on', p.correctedOn] as [string, unknown]] : []),
    ...(p.erasure
      ? [
          ['Erased', `${p.erasure.erasedOn} (${p.erasure.basis}): ${p.erasure.reason}`] as [
            string,
            unknown,
          ],
        ]
      : []),
  ];
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Subject access: ${esc(p.name)}</title><style>${STYLE}</style></head>
<body>
<h1>Everything held about ${esc(p.name)}</h1>
<p>Produced ${esc(sar.generatedAt)} by ${esc(sar.producedFor.userId)} (${esc(sar.producedFor.role)}) for: ${esc(sar.producedFor.purpose)}</p>
<h2>Their record</h2>
<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<h2>Families</h2>
${table(
  [
    'Family',
    'Reference',
    'Relationship',
    'Parental responsibility',
    'Day-to-day care',
    'From',
    'To',
    'Children',
  ],
  sar.families.map((f) =>
    row([
      esc(f.familyId),
      esc(f.reference),
      esc(f.relationship ?? 'child'),
      yesNo(f.hasParentalResponsibility),
      yesNo(f.hasDayToDayCare),
      esc(f.addedOn ?? ''),
      esc(f.removedOn ?? ''),
      f.children.map((c) => esc(c.name ?? c.reference ?? c.pupilId)).join('; '),
    ]),
  ),
  'In no family.',
)}
<h2>What was recorded that mentions them (${sar.events.length})</h2>
${table(
  ['Happened', 'Recorded (UTC)', 'By (role)', 'What', 'As held'],
  sar.events.map((e) =>
    row([
      esc(e.happenedOn),
      esc(e.recordedAt.replace('T', ' ').slice(0, 19)),
      `${esc(e.recordedBy.actor)} (${esc(e.recordedBy.role)})`,
      `${esc(e.summary)}<br><small>${esc(e.type)}, ${esc(e.streamId)} #${esc(e.revision)}</small>`,
      `<pre>${esc(JSON.stringify(e.data, null, 1))}</pre>`,
    ]),
  ),
  'Nothing.',
)}
<h2>Who read their family's history and cases (${sar.reads.length})</h2>
${table(
  ['When (UTC)', 'Who (role)', 'What', 'Family', 'Pupil', 'Purpose'],
  sar.reads.map((r) =>
    row([
      esc(r.at.replace('T', ' ').slice(0, 19)),
      `${esc(r.userId)} (${esc(r.role)})`,
      esc(r.kind),
      esc(r.familyId ?? ''),
      esc(r.pupilId ?? ''),
      esc(r.purpose),
    ]),
  ),
  'No one.',
)}
</body>
</html>
`;
}
