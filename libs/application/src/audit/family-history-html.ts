/**
 * The printable chronology of a family's history: one self-contained HTML page (no scripts, no
 * external assets, a print stylesheet), every value escaped. Pure: a history page in, a string out.
 */
import type { FamilyHistory } from './audit-reads';
import type { HistoryEntry } from './family-history';
import type { PersonFields } from '../people/personal-details';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .25em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 1em 0; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, td.date { white-space: nowrap; }
.why { font-style: italic; }
footer { margin-top: 1em; font-size: 9pt; color: #444; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th { background: none; }
}
`;

export interface FamilyHistoryHtmlContext {
  history: Pick<FamilyHistory, 'family' | 'pupils'>;
  entries: readonly HistoryEntry[];
  /** Who asked, in what role, why, and when: printed so a copy shows how it was obtained. */
  readBy: { userId: string; role: string; purpose: string; at: string };
  /** The filters applied, as given. */
  filters: Record<string, string>;
  nextCursor?: string;
  /** The people it names, opened at read time (PersonalDetailsReader.peopleIn): names or "[erased]". */
  people?: Record<string, PersonFields>;
}

export function familyHistoryHtml(context: FamilyHistoryHtmlContext): string {
  const { family, pupils } = context.history;
  const named = (id: string, fallback: string) => context.people?.[id]?.name ?? fallback;
  const pupilLabel = new Map(
    pupils.map((p) => [p.pupilId, named(p.pupilId, p.reference ?? p.pupilId)]),
  );
  const parentLabel = new Map(
    family.parents.map((p) => [
      p.parentId,
      `${named(p.parentId, p.reference)} (${p.relationship})`,
    ]),
  );
  const who = (entry: HistoryEntry) =>
    [
      entry.pupilId === null ? 'Family' : `Pupil ${pupilLabel.get(entry.pupilId) ?? entry.pupilId}`,
      ...entry.parentIds.map((id) => `Parent ${parentLabel.get(id) ?? id}`),
    ].join('; ');
  const rows = context.entries
    .map(
      (e) => `<tr>
<td class="num">${escapeHtml(e.position)}</td>
<td class="date">${escapeHtml(e.happenedOn)}</td>
<td class="date">${escapeHtml(e.recordedAt.replace('T', ' ').slice(0, 19))}</td>
<td>${escapeHtml(who(e))}</td>
<td>${escapeHtml(e.summary)}${e.reason ? `<div class="why">Why: ${escapeHtml(e.reason)}</div>` : ''}</td>
<td>${escapeHtml(e.actor)} (${escapeHtml(e.role)})</td>
<td>${escapeHtml(e.stage ?? '')}</td>
</tr>`,
    )
    .join('\n');
  const filters = Object.entries(context.filters);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Family history ${escapeHtml(family.reference)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Family history: ${escapeHtml(family.reference)}</h1>
<dl>
<dt>Family</dt><dd>${escapeHtml(family.familyId)}</dd>
<dt>Pupils</dt><dd>${pupils.map((p) => `${escapeHtml(pupilLabel.get(p.pupilId)!)} (${escapeHtml(p.pupilId)}${p.linkedNow ? '' : ', no longer linked'})`).join('; ') || 'none'}</dd>
<dt>Parents and carers</dt><dd>${family.parents.map((p) => escapeHtml(parentLabel.get(p.parentId)!)).join('; ') || 'none'}</dd>
<dt>Read by</dt><dd>${escapeHtml(context.readBy.userId)} (${escapeHtml(context.readBy.role)}) at ${escapeHtml(context.readBy.at)}</dd>
<dt>Purpose</dt><dd>${escapeHtml(context.readBy.purpose)}</dd>
<dt>Filters</dt><dd>${filters.length ? filters.map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(v)}`).join('; ') : 'none: the whole history'}</dd>
</dl>
<table>
<thead><tr><th>#</th><th>Happened</th><th>Recorded (UTC)</th><th>For</th><th>What happened</th><th>Who (role)</th><th>Stage after</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="7">No entries.</td></tr>'}
</tbody>
</table>
<footer>${context.entries.length} entries in the store's order of recording (#: global position).${context.nextCursor ? ` More entries follow: ask again with cursor=${escapeHtml(context.nextCursor)}.` : ''}</footer>
</body>
</html>
`;
}
