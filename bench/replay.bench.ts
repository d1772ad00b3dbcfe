/**
 * npm run bench:replay — how long the audit reads of issue 6 take for a large family: three
 * children over three school years (117 school weeks), generated through the real command path
 * (history generator: weekly registers for every school week, concerns, conversations, support,
 * panels, contracts and reviews, notices, payments…) into the SQLite event store (the embedded
 * default) in a temp DATA_DIR.
 *
 * Timed, each over BENCH_ITERATIONS (default 200) iterations after BENCH_WARMUP (default 10):
 * - replay.family-history: `readFamilyHistory` (read the family's and each child's stream from
 *   SQLite, merge in global order, describe every event), the work behind GET /families/:id/history;
 * - evidence-pack.assemble: `assembleEvidencePack` over one child's and the family's events;
 * - evidence-pack.render-html: assemble + `renderEvidencePackHtml` (the printable document with its chart);
 * - evidence-pack.read-assemble-render: the same from the store (read both streams first).
 * One JSON line per figure with p50 and p99 in milliseconds and the event counts as context.
 */
import {
  assembleEvidencePack,
  EvidencePackSubject,
  readEvidencePack,
  readFamilyHistory,
  renderEvidencePackHtml,
} from '@app/application';
import { generateHistory } from '@app/application/testing/history-generator';
import { RecordedEvent, SqliteEventStore } from '@app/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const SEED = Number(process.env.BENCH_SEED ?? 6);
const SCHOOL_WEEKS = 117; // three school years of 39 weeks

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function time(
  name: string,
  context: Record<string, unknown>,
  work: () => unknown,
): Promise<void> {
  for (let i = 0; i < WARMUP; i += 1) await work();
  const ms: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  for (const [figure, value] of [
    ['p50', quantile(ms, 0.5)],
    ['p99', quantile(ms, 0.99)],
  ] as const)
    console.log(
      JSON.stringify({
        name: `${name}.${figure}`,
        value: round(value),
        unit: 'ms',
        iterations: ITERATIONS,
        min: round(ms[0]),
        max: round(ms[ms.length - 1]),
        ...context,
      }),
    );
}

async function readAll(store: SqliteEventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of store.readStream(streamId)) events.push(e);
  return events;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replay-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.db') });
  try {
    const generated = await generateHistory(store, {
      seed: SEED,
      pupils: 3,
      schoolWeeks: SCHOOL_WEEKS,
      // Every child joins the first family; each is meant to reach enforcement at some point.
      siblingShare: 1,
      stageFractions: {
        monitor: 1,
        'listen-and-understand': 1,
        'facilitate-support': 1,
        'formalise-support': 1,
        enforce: 1,
      },
    });
    const all: RecordedEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    const familyStreams = [...new Set(all.map((e) => e.streamId))].filter((s) =>
      s.startsWith('family-'),
    );
    if (familyStreams.length !== 1)
      throw new Error(`expected one family, got ${familyStreams.length}`);
    const familyId = familyStreams[0].slice('family-'.length);
    const familyEvents = await readAll(store, familyStreams[0]);
    const pupilIds = [
      ...new Set(
        familyEvents
          .filter((e) => e.type === 'PupilLinked')
          .map((e) => (e.data as { pupilId: string }).pupilId),
      ),
    ];
    const pupils = await Promise.all(
      pupilIds.map(async (pupilId) => ({
        pupilId,
        events: await readAll(store, `pupil-${pupilId}`),
      })),
    );
    const byType = (type: string) => all.filter((e) => e.type === type).length;
    const context = {
      children: pupils.length,
      schoolWeeks: SCHOOL_WEEKS,
      familyEvents: familyEvents.length,
      pupilEvents: pupils.map((p) => p.events.length),
      totalEvents: familyEvents.length + pupils.reduce((n, p) => n + p.events.length, 0),
      markBatches: byType('AttendanceMarksRecorded'),
      corrections: byType('AttendanceMarkCorrected'),
      conversations: byType('ConversationRecorded'),
      supportActions: byType('SupportActionRecorded'),
      contracts: byType('AttendanceContractAgreed'),
      noticesToImprove: byType('NoticeToImproveIssued'),
      penaltyNotices: byType('PenaltyNoticeIssued'),
      prosecutions: byType('ProsecutionStarted'),
      store: 'sqlite',
      seed: SEED,
    };
    console.error(`generated: ${JSON.stringify({ ...context, commands: generated.commands })}`);

    const history = await readFamilyHistory(store, familyId);
    if (history.entries.length !== context.totalEvents)
      throw new Error(
        `the history has ${history.entries.length} entries for ${context.totalEvents} events`,
      );
    await time('replay.family-history', context, () => readFamilyHistory(store, familyId));

    // The evidence pack of the child with the most events who has a penalty notice (or, failing
    // that, a prosecution).
    const subjectOf = (events: RecordedEvent[]): EvidencePackSubject | undefined => {
      const notice = events.find((e) => e.type === 'PenaltyNoticeIssued');
      if (notice) return { kind: 'penalty-notice', noticeId: String(notice.data.noticeId) };
      const prosecution = events.find((e) => e.type === 'ProsecutionStarted');
      return prosecution
        ? { kind: 'prosecution', prosecutionId: String(prosecution.data.prosecutionId) }
        : undefined;
    };
    const candidates = pupils
      .map((p) => ({ ...p, subject: subjectOf(p.events) }))
      .filter((p) => p.subject !== undefined)
      .sort((a, b) => b.events.length - a.events.length);
    if (candidates.length === 0)
      throw new Error('no child reached a penalty notice or prosecution; try another BENCH_SEED');
    const child = candidates[0];
    const subject = child.subject as EvidencePackSubject;
    const input = {
      pupilId: child.pupilId,
      pupilEvents: child.events,
      familyEvents,
      subject,
      generatedAt: new Date().toISOString(),
    };
    const pack = assembleEvidencePack(input);
    const packContext = {
      subject: subject.kind,
      pupilEvents: child.events.length,
      familyEvents: familyEvents.length,
      chronologyRows: pack.chronology.length,
      offenceWeeks: pack.attendance.weeks.length,
      htmlBytes: Buffer.byteLength(renderEvidencePackHtml(pack)),
      store: 'sqlite',
      seed: SEED,
    };
    const producedFor = { userId: 'auditor-1', role: 'auditor', purpose: 'Benchmark of the pack' };
    await time('evidence-pack.assemble', packContext, () => assembleEvidencePack(input));
    await time('evidence-pack.render-html', packContext, () =>
      renderEvidencePackHtml(assembleEvidencePack(input), producedFor),
    );
    await time('evidence-pack.read-assemble-render', packContext, async () =>
      renderEvidencePackHtml(
        await readEvidencePack(store, child.pupilId, subject, { generatedAt: new Date() }),
        producedFor,
      ),
    );
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
