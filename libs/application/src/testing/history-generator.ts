/**
 * A seeded, realistic history for tests and benchmarks: a local authority's schools and staff,
 * families with parents, and pupils whose journeys run through the graduated response over
 * several school weeks (or years), written through the real command path: every command goes
 * through the application's handlers (StreamExecutor, the pupil journey and family deciders, the
 * code of conduct and the directory), so every event is one the domain decided. Business time
 * comes from a simulated school calendar, passed to the handlers as their clock.
 *
 * The same seed and options give the same events (ids, data, metadata, order) on every run; only
 * the store's own `recordedAt` differs.
 */
import {
  CodeOfConduct,
  NATIONAL_DEFAULTS,
  PupilEvent,
  pupilJourneyDecider,
  pupilStreamId,
  familyStreamId,
  Stage,
  stageRank,
  STAGES,
  DIRECTORY_STREAM,
  CODE_OF_CONDUCT_STREAM,
  IsoDate,
  addDays,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { StreamExecutor } from '../commands/stream-executor';
import {
  AdoptCodeOfConduct,
  AdoptCodeOfConductHandler,
  CodeOfConductProvider,
} from '../pupils/code-of-conduct';
import {
  DirectoryProvider,
  ExecuteDirectoryCommand,
  ExecuteDirectoryCommandHandler,
} from '../pupils/directory';
import { ExecuteFamilyCommand, ExecuteFamilyCommandHandler } from '../pupils/family-commands';
import { ExecutePupilCommand, ExecutePupilCommandHandler } from '../pupils/pupil-commands';
import { registers } from './history-registers';
import { journey } from './history-journeys';
import { StepQueue } from './history-queue';
import type { Process, Step } from './history-steps';
import { stepBuilder } from './history-steps';
import { buildWorld, DEFAULT_STAGE_FRACTIONS, StageFractions, World } from './history-world';
import { Prng } from './prng';
import { SchoolCalendar } from './school-calendar';
import { StreamCache } from './stream-cache';

export { DEFAULT_STAGE_FRACTIONS } from './history-world';
export type { StageFractions } from './history-world';

export interface HistoryOptions {
  seed: number;
  pupils: number;
  /** School weeks simulated (39 make a school year; holidays come on top). */
  schoolWeeks: number;
  /** The first Monday simulated; default 2 September 2024 (the national framework's first year). */
  startsOn?: IsoDate;
  /** Default: one school for every 40 pupils, at least 3. */
  schools?: number;
  /** Share of pupils whose journey is meant to reach at least each stage; see DEFAULT_STAGE_FRACTIONS. */
  stageFractions?: StageFractions;
  /** Share of pupils who join a family already generated (siblings). Default 0.15. */
  siblingShare?: number;
  /** Told of every command that wrote events, in the order they were written. */
  onCommand?: (sent: SentCommand) => void;
}

export interface SentCommand {
  streamId: string;
  command: unknown;
  now: Date;
  metadata: CommandMetadata;
  events: { type: string; data: object }[];
  position: bigint | undefined;
}

export interface HistoryReport {
  events: number;
  commands: number;
  pupils: number;
  families: number;
  schools: number;
  /** Pupils whose journey reached at least each stage. */
  stagesReached: Record<Stage, number>;
  startsOn: IsoDate;
  endsOn: IsoDate;
  lastPosition: bigint | undefined;
}

/** A code of conduct of the simulated authority for its Nth school year. */
function localCodeOfConduct(year: number, startsOn: IsoDate): CodeOfConduct {
  return {
    ...NATIONAL_DEFAULTS,
    version: `generated-la-${Number(startsOn.slice(0, 4)) + year}`,
    contractReviewWeeks: year % 2 === 0 ? 6 : 4,
  };
}

function* settings(w: World): Process {
  const on = w.calendar.startsOn;
  for (const school of w.schools)
    yield {
      kind: 'directory',
      on,
      at: '07:00',
      by: w.admin,
      command: () => ({ type: 'RegisterSchool', ...school }),
    };
  for (const worker of w.workers) {
    const schoolIds = w.schools.filter((s) => s.worker === worker).map((s) => s.schoolId);
    yield {
      kind: 'directory',
      on,
      at: '07:00',
      by: w.admin,
      command: () => ({ type: 'AllocateStaff', userId: worker.actor, schoolIds }),
    };
  }
  // A new local code of conduct at the start of each school year.
  for (let year = 0; year * 39 < w.calendar.schoolWeeks.length; year += 1) {
    const adoptedOn = year === 0 ? on : addDays(w.calendar.schoolWeeks[year * 39], -7);
    yield {
      kind: 'code-of-conduct',
      on: adoptedOn,
      at: '07:00',
      by: w.admin,
      command: () => localCodeOfConduct(year, on),
    };
  }
}

export async function generateHistory(
  store: EventStore,
  options: HistoryOptions,
): Promise<HistoryReport> {
  const rng = new Prng(options.seed);
  const ids = rng.fork(-1);
  const calendar = new SchoolCalendar(options.startsOn ?? '2024-09-02', options.schoolWeeks);
  const world = buildWorld(rng, calendar, {
    pupils: options.pupils,
    schools: options.schools ?? Math.max(3, Math.ceil(options.pupils / 40)),
    stageFractions: { ...DEFAULT_STAGE_FRACTIONS, ...options.stageFractions },
    siblingShare: options.siblingShare ?? 0.15,
  });

  let now = new Date(0);
  const clock = () => now;
  const cached = new StreamCache(store);
  store = cached;
  const executor = new StreamExecutor(store, () => ids.uuid());
  // One provider for the handlers that use the code and the one that adopts it (which refreshes it).
  const codes = new CodeOfConductProvider(store);
  const handlers = {
    pupil: new ExecutePupilCommandHandler(executor, codes, clock),
    family: new ExecuteFamilyCommandHandler(executor, clock),
    directory: new ExecuteDirectoryCommandHandler(executor, clock, new DirectoryProvider(store)),
    codeOfConduct: new AdoptCodeOfConductHandler(executor, clock, codes),
  };
  const report: HistoryReport = {
    events: 0,
    commands: 0,
    pupils: world.pupils.length,
    families: world.families.length,
    schools: world.schools.length,
    stagesReached: Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>,
    startsOn: calendar.startsOn,
    endsOn: calendar.endsOn,
    lastPosition: undefined,
  };

  const queue = new StepQueue<{ step: Step; process: Process }>();
  const advance = (process: Process) => {
    const next = process.next();
    if (next.done || next.value.on > calendar.endsOn) return;
    queue.push(`${next.value.on}T${next.value.at}`, { step: next.value, process });
  };
  advance(settings(world));
  for (const pupil of world.pupils) {
    advance(journey(pupil, world));
    advance(registers(pupil, world, stepBuilder));
  }

  let last = '';
  for (let entry = queue.pop(); entry; entry = queue.pop()) {
    const { step, process } = entry.item;
    // Steps come in date order; one scheduled for earlier in a day that has moved on is recorded
    // a little later that day. A step dated before the day being simulated is a generator bug.
    if (step.on < last.slice(0, 10))
      throw new Error(`History generator: a step dated ${step.on} came after ${last}.`);
    last = entry.instant > last ? entry.instant : last;
    now = new Date(`${last}:00.000Z`);
    const metadata: CommandMetadata = {
      actor: step.by.actor,
      role: step.by.role,
      correlationId: ids.uuid(),
      causationId: ids.uuid(),
    };
    const sent = await send(step, metadata).catch((error: Error) => {
      const who = 'pupil' in step && step.pupil ? ` (pupil #${step.pupil.index})` : '';
      error.message = `History generator${who} at ${last}: ${error.message}`;
      throw error;
    });
    if (sent) {
      report.commands += 1;
      report.events += sent.events.length;
      if (sent.position !== undefined) report.lastPosition = sent.position;
      options.onCommand?.({ ...sent, now, metadata });
    }
    advance(process);
  }
  await cached.close();
  for (const pupil of world.pupils)
    for (const stage of STAGES)
      if (pupil.highestStage >= stageRank(stage)) report.stagesReached[stage] += 1;
  return report;

  async function send(step: Step, metadata: CommandMetadata) {
    switch (step.kind) {
      case 'pupil': {
        const p = step.pupil;
        if (p.agedOut && p.state.status === 'closed') return undefined;
        const command = step.command();
        if (!command) return undefined;
        const result = await handlers.pupil.execute(
          new ExecutePupilCommand(p.pupilId, command, metadata),
        );
        const events = result.events as PupilEvent[];
        for (const e of events) p.state = pupilJourneyDecider.evolve(p.state, e);
        if (p.state.status !== 'unregistered')
          p.highestStage = Math.max(p.highestStage, stageRank(p.state.stage));
        return { streamId: pupilStreamId(p.pupilId), command, events, position: result.position };
      }
      case 'family': {
        const command = step.command();
        if (!command) return undefined;
        const result = await handlers.family.execute(
          new ExecuteFamilyCommand(step.family.familyId, command, metadata),
        );
        return {
          streamId: familyStreamId(step.family.familyId),
          command,
          events: result.events as { type: string; data: object }[],
          position: result.position,
        };
      }
      case 'directory': {
        const command = step.command();
        const result = await handlers.directory.execute(
          new ExecuteDirectoryCommand(command, metadata),
        );
        return {
          streamId: DIRECTORY_STREAM,
          command,
          events: result.events as { type: string; data: object }[],
          position: result.position,
        };
      }
      case 'code-of-conduct': {
        const codeOfConduct = step.command();
        const result = await handlers.codeOfConduct.execute(
          new AdoptCodeOfConduct(codeOfConduct, metadata),
        );
        return {
          streamId: CODE_OF_CONDUCT_STREAM,
          command: { type: 'AdoptCodeOfConduct', codeOfConduct },
          events: result.events as { type: string; data: object }[],
          position: result.position,
        };
      }
    }
  }
}
