/**
 * Splits a CPU profile of the app's main thread (bench/api/app-server.ts with BENCH_PROFILE_DIR, or
 * `--cpu-prof`) into who spent it: the HTTP platform (Express or Fastify and the body parser), Nest's
 * pipeline (router, guards, pipes and interceptors machinery, rxjs), Node's HTTP and streams, validation
 * (class-validator, class-transformer), logging (pino), the security middleware (helmet, the rate
 * limiter, the token's signature), the application (apps/ and libs/: controllers, guards, command
 * handling, the event store, reading the read models), SQLite, garbage collection and the rest.
 *
 *   node -r @swc-node/register bench/api/profile-split.ts <file.cpuprofile> [main-thread CPU ms per request] [label]
 *
 * Each sample goes to the function it was taken in, or for a built-in (JSON.parse, a native call)
 * to the nearest caller with a source file. Idle time and the profiler's own are left out. Prints
 * one JSON line per part: its share of the busy time and, given the main thread's CPU per request,
 * its milliseconds of it.
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PARTS: [string, RegExp][] = [
  ['validation', /node_modules\/(class-validator|class-transformer|libphonenumber-js|validator)\//],
  [
    'logging',
    /node_modules\/(pino|pino-http|nestjs-pino|sonic-boom|fast-redact|pino-std-serializers|thread-stream)\//,
  ],
  ['security-middleware', /node_modules\/(helmet|@nestjs\/throttler|jose|jsonwebtoken|cors)\//],
  ['sqlite', /node_modules\/better-sqlite3\//],
  [
    // Express or Fastify themselves, their helpers and Nest's adapter for each.
    'http-platform',
    /node_modules\/(express|router|body-parser|raw-body|finalhandler|serve-static|send|on-finished|on-headers|type-is|content-type|media-typer|mime-types|mime-db|accepts|negotiator|qs|parseurl|path-to-regexp|depd|statuses|http-errors|iconv-lite|encodeurl|escape-html|etag|fresh|vary|cookie|proxy-addr|forwarded|ipaddr\.js|fastify|@fastify\/[^/]+|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|fast-uri|secure-json-parse|toad-cache|abstract-logging|rfdc|process-warning|@nestjs\/platform-express|@nestjs\/platform-fastify)\//,
  ],
  [
    // Nest's router, guards, pipes and interceptors machinery, the buses and rxjs: the same on both.
    'nest-pipeline',
    /node_modules\/(@nestjs\/(core|common|cqrs)|rxjs|reflect-metadata|tslib|uid|iterare)\//,
  ],
  ['other-packages', /\/node_modules\//],
  ['application', /\/(apps|libs)\//],
  [
    'node-http-and-streams',
    /^node:(_http|http|net|stream|buffer|internal\/(streams|http|net|stream_base|js_stream|buffer))/,
  ],
  ['node-crypto', /^node:internal\/crypto/],
  // Promise hooks: AsyncLocalStorage (nestjs-pino's request context) costs on every promise.
  ['node-async-context', /^node:(internal\/)?async_hooks/],
  // The profiler's own session (starting and stopping it): left out like idle time.
  ['profiler', /^node:inspector/],
];

function partOf(url: string): string | undefined {
  if (url === '') return undefined;
  for (const [name, pattern] of PARTS) if (pattern.test(url)) return name;
  return url.startsWith('node:') ? 'node-other' : 'other';
}

export interface ProfileShare {
  part: string;
  /** Per cent of the profile's busy (not idle) time. */
  percent: number;
  microseconds: number;
}

/** Each part's share of a profile's busy time, largest first. */
export function splitProfile(profile: Profile): {
  busyMicroseconds: number;
  parts: ProfileShare[];
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOfNode = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = partOfNode.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let part: string | undefined;
    if (name === '(idle)') part = 'idle';
    else if (name === '(garbage collector)') part = 'garbage-collection';
    else if (name === '(program)') part = 'program';
    else part = partOf(node.callFrame.url);
    if (!part) {
      const up = parent.get(id);
      part =
        up === undefined || byId.get(up)!.callFrame.functionName === '(root)'
          ? 'other'
          : resolve(up);
    }
    partOfNode.set(id, part);
    return part;
  };
  const micros = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const part = resolve(id);
    micros.set(part, (micros.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  micros.delete('idle');
  micros.delete('profiler');
  const busy = [...micros.values()].reduce((sum, us) => sum + us, 0);
  return {
    busyMicroseconds: busy,
    parts: [...micros]
      .sort((a, b) => b[1] - a[1])
      .map(([part, us]) => ({
        part,
        percent: Math.round((us / busy) * 1000) / 10,
        microseconds: us,
      })),
  };
}

/**
 * One JSON line per part. Given the main thread's CPU milliseconds per request (measured, as the
 * bench does, from /proc: the profiler samples on a wall clock, so on a busy machine its busy time
 * overstates the CPU), each part's share of it too.
 */
export function profileLines(
  profile: Profile,
  mainThreadCpuMsPerRequest: number | undefined,
  context: Record<string, unknown>,
): string[] {
  const { busyMicroseconds, parts } = splitProfile(profile);
  return parts.map(({ part, percent }) =>
    JSON.stringify({
      name: `profile.main-thread.${part}`,
      value: percent,
      unit: '%',
      ...(mainThreadCpuMsPerRequest
        ? {
            cpuMsPerRequest: Math.round(percent * mainThreadCpuMsPerRequest * 10) / 1000,
            mainThreadCpuMsPerRequest,
          }
        : {}),
      busySeconds: Math.round(busyMicroseconds / 1e3) / 1e3,
      ...context,
    }),
  );
}

if (require.main === module) {
  const [file, mainThreadMs, label] = process.argv.slice(2);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  for (const line of profileLines(profile, mainThreadMs ? Number(mainThreadMs) : undefined, {
    profile: file,
    ...(label ? { label } : {}),
  }))
    console.log(line);
}
