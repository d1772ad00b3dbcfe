/**
 * The load generator of `npm run bench:api`, run in a process of its own (never the server's):
 * autocannon against one URL for a fixed time, each request to a path drawn at random from the
 * ones given. Reads its settings as JSON from argv[2]; prints autocannon's result as one JSON line.
 */
import autocannon from 'autocannon';

export interface LoadSettings {
  url: string;
  method: 'GET' | 'POST';
  paths: string[];
  headers: Record<string, string>;
  body?: string;
  durationSeconds: number;
  connections: number;
}

async function main(): Promise<void> {
  const s = JSON.parse(process.argv[2]) as LoadSettings;
  const pick = () => s.paths[Math.floor(Math.random() * s.paths.length)];
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.durationSeconds,
    requests: [
      {
        method: s.method,
        headers: s.headers,
        body: s.body,
        setupRequest: (req) => ({ ...req, path: pick() }),
      },
    ],
  });
  process.stdout.write(
    `${JSON.stringify({
      p50: result.latency.p50,
      p99: result.latency.p99,
      throughput: result.requests.average,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    })}\n`,
  );
}

void main();
