/**
 * A partner system's webhook endpoint, as a test runs it: a real HTTP server that checks every
 * request's signature with the Standard Webhooks library (not the sender's own code) and its
 * envelope with the CloudEvents SDK, and answers as the test tells it (fail the first requests, or
 * every request while it is "down").
 */
import { HTTP, CloudEvent as SdkCloudEvent } from 'cloudevents';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  id: string;
  headers: Record<string, string>;
  body: string;
  event: Record<string, unknown>;
  /** Whether the answer was a 2xx (a failed attempt is recorded too). */
  accepted: boolean;
}

export interface Receiver {
  url: string;
  /** Every request that arrived, in arrival order, accepted or not. */
  requests: Delivery[];
  /** The accepted ones. */
  accepted(): Delivery[];
  /** Answer 500 to the next `n` requests. */
  failNext(n: number): void;
  /** Answer 503 to every request until set back. */
  down: boolean;
  /** How long to take over each answer (a slow receiver). */
  delayMs: number;
  /** Requests refused because their signature or envelope did not check out. */
  refused: string[];
  secret?: string;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let failures = 0;
  const receiver: Receiver = {
    url: '',
    requests: [],
    accepted: () => receiver.requests.filter((r) => r.accepted),
    failNext: (n) => (failures = n),
    down: false,
    delayMs: 0,
    refused: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      );
      try {
        if (!receiver.secret) throw new Error('no secret yet');
        new Webhook(receiver.secret).verify(body, headers);
        const parsed = HTTP.toEvent({ headers, body }) as SdkCloudEvent<unknown>;
        parsed.validate();
      } catch (error) {
        receiver.refused.push(String(error));
        res.writeHead(401).end();
        return;
      }
      const accepted = !receiver.down && failures === 0;
      if (failures > 0) failures -= 1;
      const answer = () => {
        receiver.requests.push({
          id: headers['webhook-id'],
          headers,
          body,
          event: JSON.parse(body) as Record<string, unknown>,
          accepted,
        });
        res.writeHead(accepted ? 204 : receiver.down ? 503 : 500).end();
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return receiver;
}
