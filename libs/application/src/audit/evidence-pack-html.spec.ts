import { assembleEvidencePack } from './evidence-pack';
import { renderEvidencePackHtml } from './evidence-pack-html';
import { FAMILY, NOTICE, penaltyNoticeCase, PUPIL } from './testing/evidence-case';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';

function html(
  options: Parameters<typeof penaltyNoticeCase>[0] = {},
  purpose = 'Court bundle, hearing 3 July',
) {
  const c = penaltyNoticeCase(options);
  const pack = assembleEvidencePack({
    pupilId: PUPIL,
    pupilEvents: c.stream(`pupil-${PUPIL}`),
    familyEvents: c.stream(`family-${FAMILY}`),
    subject: { kind: 'penalty-notice', noticeId: NOTICE },
    generatedAt: '2025-07-02T09:00:00.000Z',
  });
  return {
    pack,
    page: renderEvidencePackHtml(pack, { userId: 'auditor-1', role: 'auditor', purpose }),
  };
}

describe('the printable evidence pack', () => {
  it('escapes every recorded value, so free text cannot become markup', () => {
    const { page } = html({ conversationNotes: HOSTILE }, `Hearing ${HOSTILE}`);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;',
    );
  });

  it('is self-contained: inline CSS with a print stylesheet, no script, no external asset', () => {
    const { page } = html();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<style>');
    expect(page).toContain('@media print');
    expect(page).toContain('@page');
    expect(page).not.toMatch(/<script|<link|<iframe|\ssrc=|url\(|@import/i);
    expect(page).toContain(`default-src 'none'`);
  });

  it('contains the chart and a chronology row for every event', () => {
    const { page, pack } = html();
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="attendance-chart"');
    const rows = page.match(/<tr class="chronology-entry[^"]*">/g) ?? [];
    expect(rows).toHaveLength(pack.chronology.length);
    expect(page).toContain(
      `${pack.chronology.length} events of the pupil’s and the family’s records`,
    );
  });

  it('prints the decision, the sessions that met the threshold, and who asked for the pack and why', () => {
    const { page } = html();
    expect(page).toContain('Evidence pack: penalty notice pn-1');
    expect(page).toContain('<dt>Rule set (code of conduct)</dt><dd>national-2024-08-19</dd>');
    expect(
      (page.match(/<table class="threshold-sessions">[\s\S]*?<\/table>/)?.[0].match(/<tr>/g) ?? [])
        .length,
    ).toBe(1 + 10);
    expect(page).toContain('by auditor-1 (auditor) for: Court bundle, hearing 3 July');
  });

  it('warns when the register has been corrected since the decision so the threshold now reads differently', () => {
    expect(html().page).not.toContain('class="warning"');
    expect(html({ correctionAfterwards: true }).page).toContain(
      'On the register as it stands now the threshold count is 9 (not met): marks were corrected after the decision.',
    );
  });
});
