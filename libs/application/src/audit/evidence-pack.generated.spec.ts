/**
 * Evidence packs for every penalty notice and prosecution of a generated local authority (the
 * history generator drives the real command path over a school year), checked against what the
 * decisions themselves recorded: the pack must hold for cases nobody wrote by hand.
 */
import { weekStart } from '@app/domain';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { generateHistory } from '../testing/history-generator';
import { renderAttendanceChart } from './attendance-chart';
import { assembleEvidencePack, EvidencePack, EvidencePackSubject, weeksOf } from './evidence-pack';
import { renderEvidencePackHtml } from './evidence-pack-html';

interface Case {
  pupilId: string;
  subject: EvidencePackSubject;
  decision: RecordedEvent;
  pack: EvidencePack;
  pupilEvents: RecordedEvent[];
  familyEvents: RecordedEvent[];
}

describe('evidence packs for a generated year of casework', () => {
  const cases: Case[] = [];

  beforeAll(async () => {
    const store = new MemoryEventStore();
    await generateHistory(store, {
      seed: 11,
      pupils: 24,
      schoolWeeks: 39,
      stageFractions: { enforce: 0.5, 'formalise-support': 0.6 },
    });
    const all: RecordedEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    await store.close();
    const stream = (id: string) => all.filter((e) => e.streamId === id);
    for (const decision of all.filter(
      (e) => e.type === 'PenaltyNoticeIssued' || e.type === 'ProsecutionStarted',
    )) {
      const pupilId = decision.streamId.slice('pupil-'.length);
      const pupilEvents = stream(decision.streamId);
      const linked = pupilEvents.find((e) => e.type === 'LinkedToFamily');
      const familyEvents = linked
        ? stream(`family-${String((linked.data as { familyId: string }).familyId)}`)
        : [];
      const subject: EvidencePackSubject =
        decision.type === 'PenaltyNoticeIssued'
          ? { kind: 'penalty-notice', noticeId: String(decision.data.noticeId) }
          : { kind: 'prosecution', prosecutionId: String(decision.data.prosecutionId) };
      const pack = assembleEvidencePack({
        pupilId,
        pupilEvents,
        familyEvents,
        subject,
        generatedAt: '2026-01-01T00:00:00.000Z',
      });
      cases.push({ pupilId, subject, decision, pack, pupilEvents, familyEvents });
    }
  }, 60_000);

  it('has penalty notices and prosecutions to check', () => {
    expect(cases.filter((c) => c.subject.kind === 'penalty-notice').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.subject.kind === 'prosecution').length).toBeGreaterThan(0);
  });

  it('shows for each notice the threshold the notice itself recorded, met, inside its offence period', () => {
    for (const { decision, pack } of cases.filter((c) => c.subject.kind === 'penalty-notice')) {
      const recorded = (decision.data as { threshold: { count: number; sessions: unknown[] } })
        .threshold;
      expect(pack.attendance.thresholdAtDecision).toMatchObject({
        ...recorded,
        met: true,
      });
      for (const s of pack.attendance.thresholdAtDecision.sessions) {
        expect(s.date >= pack.subject.offencePeriod.from).toBe(true);
        expect(s.date <= pack.subject.offencePeriod.to).toBe(true);
      }
    }
  });

  it('has one week per calendar week of the offence period, the window weeks marked and no others', () => {
    for (const { pack } of cases) {
      const { weeks, thresholdAtDecision: t } = pack.attendance;
      expect(weeks.map((w) => w.weekStart)).toEqual(weeksOf(pack.subject.offencePeriod));
      for (const w of weeks)
        expect(w.inThresholdWindow).toBe(
          t.firstSchoolWeek !== null &&
            t.lastSchoolWeek !== null &&
            w.weekStart >= t.firstSchoolWeek &&
            w.weekStart <= t.lastSchoolWeek,
        );
      const unauthorisedInWindow = weeks
        .filter((w) => w.inThresholdWindow)
        .reduce((n, w) => n + w.unauthorisedAbsence, 0);
      // Today's register may differ from the one decided on only by corrections received since.
      if (!pack.attendance.corrections.some((c) => c.afterDecision))
        expect(unauthorisedInWindow).toBeGreaterThanOrEqual(t.count);
      for (const s of t.sessions)
        expect(weeks.find((w) => w.weekStart === weekStart(s.date))?.inThresholdWindow).toBe(true);
    }
  });

  it('tells every event of the pupil and the family in the store’s order', () => {
    for (const { pack, pupilEvents, familyEvents, pupilId } of cases) {
      const otherChildren = familyEvents.filter(
        (e) =>
          (e.type === 'PupilLinked' || e.type === 'PupilUnlinked') &&
          (e.data as { pupilId: string }).pupilId !== pupilId,
      );
      expect(pack.chronology).toHaveLength(
        pupilEvents.length + familyEvents.length - otherChildren.length,
      );
      const positions = pack.chronology.map((c) => BigInt(c.position));
      for (let i = 1; i < positions.length; i += 1)
        expect(positions[i] > positions[i - 1]).toBe(true);
      for (const d of pack.decisions) expect(d.ruleSetVersion).toMatch(/^generated-la-|^national-/);
    }
  });

  it('renders each pack with a bar for every week with sessions and a row for every event', () => {
    for (const { pack } of cases) {
      const html = renderEvidencePackHtml(pack);
      const withSessions = pack.attendance.weeks.filter((w) => w.rate !== null).length;
      expect(html.match(/<rect class="bar"/g) ?? []).toHaveLength(withSessions);
      expect(html.match(/<tr class="chronology-entry/g) ?? []).toHaveLength(pack.chronology.length);
      const chart = renderAttendanceChart({
        weeks: pack.attendance.weeks,
        window: pack.attendance.thresholdAtDecision,
        windowSessions: pack.attendance.thresholdAtDecision.count,
      });
      expect(html).toContain(chart);
    }
  });
});
