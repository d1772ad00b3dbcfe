import type { FamilyState } from '@app/domain';
import type { HistoryEntry } from './family-history';
import { escapeHtml, familyHistoryHtml } from './family-history-html';

const family: FamilyState = {
  status: 'registered',
  familyId: 'f-1',
  reference: 'F-<1>',
  parents: [
    {
      parentId: 'p-1',
      reference: 'M',
      relationship: 'mother',
      hasParentalResponsibility: true,
      hasDayToDayCare: true,
    },
  ],
  pupilIds: ['a'],
  plans: [],
};

const entry: HistoryEntry = {
  position: '7',
  streamId: 'pupil-a',
  revision: '3',
  eventId: 'e-7',
  kind: 'NoticeToImproveIssued',
  familyId: 'f-1',
  pupilId: 'a',
  parentIds: ['p-1'],
  summary: 'Notice to improve n-1 issued to parent p-1.',
  actor: 'officer-1',
  role: 'attendance-officer',
  happenedOn: '2025-03-17',
  occurredAt: '2025-03-18T10:15:00.000Z',
  recordedAt: '2025-03-18T10:15:00.000Z',
  firstRecordedAt: null,
  reason: '<script>alert("x")</script> & more',
  stage: 'enforce',
  ruleSetVersion: null,
};

const render = (entries: HistoryEntry[] = [entry], nextCursor?: string) =>
  familyHistoryHtml({
    history: { family, pupils: [{ pupilId: 'a', reference: 'P-A', linkedNow: true }] },
    entries,
    nextCursor,
    readBy: {
      userId: 'auditor-1',
      role: 'auditor',
      purpose: 'Panel hearing "12 March"',
      at: '2026-03-01T09:00:00.000Z',
    },
    filters: { pupilId: 'a' },
  });

describe('the printable family history', () => {
  it('escapes every value it prints', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    const html = render();
    expect(html).not.toContain('<script>');
    expect(html).toContain('Why: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).toContain('Family history: F-&lt;1&gt;');
    expect(html).toContain('Panel hearing &quot;12 March&quot;');
  });

  it('is one self-contained page with a print stylesheet and no external assets', () => {
    const html = render();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:/i);
  });

  it('shows each entry with when, for whom, what, who and the stage after it', () => {
    const row = render().split('<tbody>')[1];
    for (const text of [
      '2025-03-17',
      '2025-03-18 10:15:00',
      'Pupil P-A; Parent M (mother)',
      'Notice to improve n-1 issued to parent p-1.',
      'officer-1 (attendance-officer)',
      'enforce',
    ])
      expect(row).toContain(text);
  });

  it('says who read it, why, with which filters, and how to get the next page', () => {
    const html = render([entry], '7');
    expect(html).toContain('auditor-1 (auditor) at 2026-03-01T09:00:00.000Z');
    expect(html).toContain('pupilId = a');
    expect(html).toContain('ask again with cursor=7');
  });

  it('says so when nothing matched', () => {
    expect(render([])).toContain('No entries.');
  });
});
