/**
 * npm run bench:process-managers — how fast the deadline and monitor process managers catch up
 * with a feed on the embedded default (SQLite event store, SQLite checkpoints, in-process SQLite
 * scheduler), and how fast a replay from position zero confirms it has nothing new to do.
 *
 * A generated LA slice: BENCH_PUPILS pupils (default 2,000), each registered with BENCH_WEEKS
 * weekly registers (default 6); one in five attends poorly (3 unauthorised sessions a week), one in
 * ten has an unreplaced N, one in twenty has a penalty notice. One JSON line per figure.
 */
import {
  cachedCodeOfConduct,
  CodeOfConductProvider,
  DeadlineProcessManager,
  ExecutePupilCommand,
  ExecutePupilCommandHandler,
  MonitorProcessManager,
  ProcessManagerRunner,
  StreamExecutor,
} from '@app/application';
import { addDays, NO_FLAGS, PupilEvent, pupilStreamId } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { ScheduleRequest, Scheduler, SqliteScheduler } from '@app/jobs';
import { SqliteDocumentStore } from '@app/read-models';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 2_000);
const WEEKS = Number(process.env.BENCH_WEEKS ?? 6);
const FIRST_MONDAY = '2025-01-06';

function weekOf(monday: string, poor: boolean, withN: boolean): PupilEvent {
  const marks = [0, 1, 2, 3, 4].flatMap((d) =>
    (['AM', 'PM'] as const).map((session, s) => {
      const i = d * 2 + s;
      const code = withN && i === 0 ? 'N' : poor && i < 3 ? 'O' : session === 'AM' ? '/' : '\\';
      return { date: addDays(monday, d), session, code };
    }),
  ) as Extract<PupilEvent, { type: 'AttendanceMarksRecorded' }>['data']['marks'];
  return {
    type: 'AttendanceMarksRecorded',
    data: {
      schoolId: 'school-1',
      from: monday,
      to: addDays(monday, 4),
      marks,
      receivedAt: `${addDays(monday, 4)}T16:00:00.000Z`,
    },
  };
}

function historyOf(i: number, pupilId: string): PupilEvent[] {
  const events: PupilEvent[] = [
    {
      type: 'PupilRegistered',
      data: {
        pupilId,
        reference: `P-${i}`,
        upn: null,
        dateOfBirth: '2012-05-10',
        schoolId: 'school-1',
        schoolType: 'academy',
        yearGroup: 8,
        flags: NO_FLAGS,
        registeredOn: '2024-09-02',
      },
    },
  ];
  for (let w = 0; w < WEEKS; w += 1)
    events.push(weekOf(addDays(FIRST_MONDAY, w * 7), i % 5 === 0, i % 10 === 3 && w === WEEKS - 1));
  if (i % 20 === 7)
    events.push({
      type: 'PenaltyNoticeIssued',
      data: {
        noticeId: `pn-${i}`,
        parentId: 'parent-1',
        issuedOn: '2025-03-03',
        issuedBy: 'authorised-la-officer',
        servedOn: '2025-03-03',
        offencePeriod: { from: FIRST_MONDAY, to: '2025-02-14' },
        sequence: 1,
        amount: 160,
        reducedAmount: 80,
        reducedRateEnds: '2025-03-23',
        paymentEnds: '2025-03-30',
        threshold: { count: 10, firstSchoolWeek: null, lastSchoolWeek: null, sessions: [] },
        noticeToImproveId: null,
        supportNotAppropriate: null,
        ruleSetVersion: 'national-2024-08-19',
      },
    });
  return events;
}

function counting(scheduler: Scheduler) {
  const asked = { total: 0, created: 0 };
  const wrapped = Object.create(scheduler) as Scheduler;
  wrapped.schedule = async <P>(request: ScheduleRequest<P>) => {
    const result = await scheduler.schedule(request);
    asked.total += 1;
    if (result.created) asked.created += 1;
    return result;
  };
  return { wrapped, asked };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pm-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.db') });
  const scheduler = new SqliteScheduler({ file: path.join(dir, 'jobs.db') });
  const handler = new ExecutePupilCommandHandler(
    new StreamExecutor(store),
    new CodeOfConductProvider(store),
    () => new Date('2025-03-10T12:00:00Z'),
  );
  const commands = { execute: (c: ExecutePupilCommand) => handler.execute(c) };
  const codeOfConduct = cachedCodeOfConduct(new CodeOfConductProvider(store));

  let head = 0n;
  let events = 0;
  for (let i = 0; i < PUPILS; i += 1) {
    const pupilId = randomUUID();
    const history = historyOf(i, pupilId);
    events += history.length;
    const appended = await store.appendToStream(
      pupilStreamId(pupilId),
      history.map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: {
          actor: 'bench',
          role: 'bench',
          correlationId: 'bench',
          causationId: 'bench',
          occurredAt: new Date().toISOString(),
        },
      })),
      { expectedRevision: 'no_stream' },
    );
    head = appended.position;
  }

  const run = async (label: string) => {
    const { wrapped, asked } = counting(scheduler);
    const documents = new SqliteDocumentStore({ file: path.join(dir, `checkpoints-${label}.db`) });
    const runner = new ProcessManagerRunner({
      events: store,
      documents,
      managers: [
        new DeadlineProcessManager(wrapped, codeOfConduct),
        new MonitorProcessManager(store, commands, codeOfConduct),
      ],
    });
    const started = performance.now();
    runner.start();
    await runner.waitForPosition(head, 30 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    await documents.close();
    return { seconds, asked };
  };

  let concernsBefore = 0;
  for await (const e of store.readAll()) if (e.type === 'ConcernRaised') concernsBefore += 1;
  const first = await run('first');
  let concerns = 0;
  for await (const e of store.readAll()) if (e.type === 'ConcernRaised') concerns += 1;
  const replay = await run('replay');
  let concernsAfterReplay = 0;
  for await (const e of store.readAll()) if (e.type === 'ConcernRaised') concernsAfterReplay += 1;

  const context = { pupils: PUPILS, weeks: WEEKS, events, node: process.version };
  const line = (name: string, value: number, unit: string, extra: object = {}) =>
    console.log(JSON.stringify({ name, value, unit, ...context, ...extra }));
  line(
    'process-managers.catch-up.events-per-second',
    Math.round(events / first.seconds),
    'events/s',
    {
      seconds: Number(first.seconds.toFixed(2)),
      concernsRaised: concerns - concernsBefore,
      jobsScheduled: first.asked.created,
    },
  );
  line('process-managers.catch-up.seconds', Number(first.seconds.toFixed(2)), 's');
  line(
    'process-managers.replay.events-per-second',
    Math.round(events / replay.seconds),
    'events/s',
    {
      seconds: Number(replay.seconds.toFixed(2)),
      jobsAsked: replay.asked.total,
      jobsCreated: replay.asked.created,
      concernsRaised: concernsAfterReplay - concerns,
    },
  );
  line('process-managers.peak-rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MiB');

  await scheduler.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
