/**
 * A protocol-level EventStoreDB test server: an in-memory log served over gRPC (@grpc/grpc-js) with
 * the client's own generated service definitions, so the real `@eventstore/db-client` and our
 * adapter run on every `npm test` on machines where no EventStoreDB server can run. Test support
 * code, not a product: it serves only what the adapter asks for and refuses the rest (UNIMPLEMENTED).
 *
 * What it proves: that our adapter drives the real client correctly over the wire — expected
 * revisions on both append paths (`BatchAppend` when ServerFeatures advertises it, client-streaming
 * `Append` otherwise); WrongExpectedVersion reported both ways (an `AppendResp` field, and a Status
 * with code 9 packing `event_store.client.WrongExpectedVersion`); stream and `$all` reads in both
 * directions, from a revision or position, up to a count; StreamNotFound surfacing while
 * iterating; catch-up subscriptions to `$all` (confirmation, catch-up events strictly after the
 * position, `caught_up`, live events) with a stream-name prefix filter; resubscription after the
 * server drops a subscription or restarts on the same port; idempotent appends by event id (the
 * rules in `append-rules.ts`, as EventStoreDB documents them).
 *
 * What it cannot show (only a real server can; run the contract with EVENTSTORE_CONNECTION_STRING):
 * system streams, `$` projections and the system events a real `$all` carries; ACLs and
 * credentials; TLS; deletes, tombstones and truncation; scavenging; leader election, followers and
 * clustering; the real server's position arithmetic (here commit = prepare = a counter) and its
 * `created` stamps; periodic filter checkpoints, fell-behind and max search windows; stream
 * subscriptions, event-type and regex filters; message size limits, deadlines, back-pressure and
 * real performance.
 */
import * as grpc from '@grpc/grpc-js';
import { decideAppend } from '../../append-rules';
import { WrongExpectedRevisionError } from '../../errors';
import type { ExpectedRevision, NewEvent } from '../../event-store.port';
import {
  anyPb,
  featuresGrpc,
  featuresPb,
  sharedPb,
  statusPb,
  streamsGrpc,
  streamsPb,
} from './esdb-generated';

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
type Msg = any;

interface StoredEvent {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  metadata: Map<string, string>;
  data: Uint8Array;
  customMetadata: Uint8Array;
  createdTicks: string;
}

interface Proposed {
  id: string;
  metadata: Map<string, string>;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface EsdbProtocolServerOptions {
  /** Advertise `BatchAppend` through ServerFeatures (the client then appends over it). */
  batchAppend: boolean;
  /** Reuse a port (to restart a server where a client expects it). */
  port?: number;
}

const TICKS_PER_MS = 10_000n;
const toBytes = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? Buffer.from(value, 'base64') : value;

export class EsdbProtocolServer {
  private server: grpc.Server | undefined;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly live = new Set<(event: StoredEvent) => void>();
  private readonly calls = new Set<grpc.ServerWritableStream<Msg, Msg>>();
  port = 0;
  /** How many appends arrived over each path, so tests can prove which one the client took. */
  readonly appendsBy = { append: 0, batchAppend: 0 };
  /** Subscriptions opened so far (a resubscription opens another). */
  subscriptionsOpened = 0;

  constructor(private readonly options: EsdbProtocolServerOptions) {}

  async start(): Promise<string> {
    const server = new grpc.Server();
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: this.supportedMethods,
    });
    server.addService(streamsGrpc.StreamsService, {
      read: this.read,
      append: this.append,
      batchAppend: this.batchAppend,
      delete: (_: unknown, cb: grpc.sendUnaryData<Msg>) => cb({ code: grpc.status.UNIMPLEMENTED }),
      tombstone: (_: unknown, cb: grpc.sendUnaryData<Msg>) =>
        cb({ code: grpc.status.UNIMPLEMENTED }),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `127.0.0.1:${this.options.port ?? this.port ?? 0}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
    return this.connectionString;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Ends every open subscription with UNAVAILABLE, as a server restart or failover would. */
  dropSubscriptions(): void {
    for (const call of this.calls)
      call.emit('error', {
        code: grpc.status.UNAVAILABLE,
        details: 'server dropped the subscription',
      });
    this.calls.clear();
    this.live.clear();
  }

  async stop(): Promise<void> {
    this.dropSubscriptions();
    const server = this.server;
    this.server = undefined;
    // Force: a client that stopped reading half-way leaves calls a graceful shutdown would wait for.
    server?.forceShutdown();
  }

  private readonly supportedMethods = (_call: unknown, callback: grpc.sendUnaryData<Msg>) => {
    const method = (name: string) =>
      new featuresPb.SupportedMethod()
        .setServiceName('event_store.client.streams.Streams')
        .setMethodName(name)
        .setFeaturesList([]);
    const names = ['read', 'append', ...(this.options.batchAppend ? ['batchappend'] : [])];
    callback(
      null,
      new featuresPb.SupportedMethods()
        .setMethodsList(names.map(method))
        .setEventStoreServerVersion('24.10.0-protocol-test'),
    );
  };

  /** Applies an append by EventStoreDB's rules; returns the last revision and its position. */
  private write(
    streamId: string,
    expected: ExpectedRevision,
    messages: Proposed[],
  ): { revision: bigint; position: bigint } {
    const stream = this.streams.get(streamId) ?? [];
    const decision = decideAppend(
      streamId,
      messages.map((m) => ({ id: m.id }) as NewEvent),
      expected,
      stream.length ? BigInt(stream.length - 1) : undefined,
      (from, count) => stream.slice(Number(from), Number(from) + count).map((e) => e.id),
      (id) => stream.find((e) => e.id === id)?.revision,
    );
    if (decision.kind === 'already-written') {
      return {
        revision: decision.lastRevision,
        position: stream[Number(decision.lastRevision)].position,
      };
    }
    const created = (BigInt(new Date().getTime()) * TICKS_PER_MS).toString();
    const written = messages.map((m, i) => {
      const event: StoredEvent = {
        ...m,
        streamId,
        revision: decision.firstRevision + BigInt(i),
        position: BigInt(this.log.length + 1 + i),
        createdTicks: created,
      };
      return event;
    });
    this.log.push(...written);
    stream.push(...written);
    this.streams.set(streamId, stream);
    for (const event of written) for (const notify of this.live) notify(event);
    const last = written[written.length - 1];
    return { revision: last.revision, position: last.position };
  }

  private readonly append = (
    call: grpc.ServerReadableStream<Msg, Msg>,
    callback: grpc.sendUnaryData<Msg>,
  ) => {
    let streamId = '';
    let expected: ExpectedRevision = 'any';
    const messages: Proposed[] = [];
    call.on('data', (req: Msg) => {
      if (req.hasOptions()) {
        const o = req.getOptions();
        streamId = Buffer.from(o.getStreamIdentifier().getStreamName_asU8()).toString('utf8');
        expected = o.hasNoStream()
          ? 'no_stream'
          : o.hasAny()
            ? 'any'
            : o.hasStreamExists()
              ? 'stream_exists'
              : BigInt(o.getRevision());
      } else messages.push(proposed(req.getProposedMessage()));
    });
    call.on('end', () => {
      this.appendsBy.append += 1;
      const resp = new streamsPb.AppendResp();
      try {
        const { revision, position } = this.write(streamId, expected, messages);
        const success = new streamsPb.AppendResp.Success().setCurrentRevision(revision.toString());
        success.setPosition(
          new streamsPb.AppendResp.Position()
            .setCommitPosition(position.toString())
            .setPreparePosition(position.toString()),
        );
        callback(null, resp.setSuccess(success));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError))
          return callback({ code: grpc.status.INVALID_ARGUMENT, details: String(error) });
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (error.actual === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(error.actual.toString());
        setExpected(wrong, error.expected, {
          revision: 'setExpectedRevision',
          noStream: 'setExpectedNoStream',
          any: 'setExpectedAny',
          exists: 'setExpectedStreamExists',
        });
        callback(null, resp.setWrongExpectedVersion(wrong));
      }
    });
  };

  private readonly batchAppend = (call: grpc.ServerDuplexStream<Msg, Msg>) => {
    const pending = new Map<
      string,
      { streamId: string; expected: ExpectedRevision; messages: Proposed[] }
    >();
    call.on('data', (req: Msg) => {
      const correlation = req.getCorrelationId().getString();
      let batch = pending.get(correlation);
      if (!batch) {
        const o = req.getOptions();
        const expected: ExpectedRevision = o.hasNoStream()
          ? 'no_stream'
          : o.hasAny()
            ? 'any'
            : o.hasStreamExists()
              ? 'stream_exists'
              : BigInt(o.getStreamPosition());
        batch = {
          streamId: Buffer.from(o.getStreamIdentifier().getStreamName_asU8()).toString('utf8'),
          expected,
          messages: [],
        };
        pending.set(correlation, batch);
      }
      batch.messages.push(...req.getProposedMessagesList().map(proposed));
      if (!req.getIsFinal()) return;
      pending.delete(correlation);
      this.appendsBy.batchAppend += 1;
      const resp = new streamsPb.BatchAppendResp()
        .setCorrelationId(new sharedPb.UUID().setString(correlation))
        .setStreamIdentifier(
          new sharedPb.StreamIdentifier().setStreamName(Buffer.from(batch.streamId, 'utf8')),
        );
      try {
        const { revision, position } = this.write(batch.streamId, batch.expected, batch.messages);
        const success = new streamsPb.BatchAppendResp.Success().setCurrentRevision(
          revision.toString(),
        );
        success.setPosition(
          new sharedPb.AllStreamPosition()
            .setCommitPosition(position.toString())
            .setPreparePosition(position.toString()),
        );
        call.write(resp.setSuccess(success));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) {
          call.write(resp.setError(new statusPb.Status().setCode(3).setMessage(String(error))));
          return;
        }
        const wrong = new sharedPb.WrongExpectedVersion();
        if (error.actual === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentStreamRevision(error.actual.toString());
        setExpected(wrong, error.expected, {
          revision: 'setExpectedStreamPosition',
          noStream: 'setExpectedNoStream',
          any: 'setExpectedAny',
          exists: 'setExpectedStreamExists',
        });
        const details = new anyPb.Any();
        details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        call.write(
          resp.setError(
            new statusPb.Status().setCode(9).setMessage('WrongExpectedVersion').setDetails(details),
          ),
        );
      }
    });
    call.on('end', () => call.end());
  };

  private readonly read = (call: grpc.ServerWritableStream<Msg, Msg>) => {
    const o = call.request.getOptions();
    const unsupported = unsupportedReadOption(o);
    if (unsupported) {
      // Refuse what it does not model, rather than answer something a real server would not.
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: unsupported });
      return;
    }
    const backwards = o.getReadDirection() === 1;
    const count = o.hasSubscription() ? Infinity : Number(o.getCount());
    const prefixes: string[] =
      o.hasFilter() && o.getFilter().hasStreamIdentifier()
        ? o.getFilter().getStreamIdentifier().getPrefixList()
        : [];
    const matches = (e: StoredEvent) =>
      prefixes.length === 0 || prefixes.some((p) => e.streamId.startsWith(p));
    const send = (e: StoredEvent) => call.write(new streamsPb.ReadResp().setEvent(readEvent(e)));

    if (o.hasStream()) {
      const s = o.getStream();
      const streamId = Buffer.from(s.getStreamIdentifier().getStreamName_asU8()).toString('utf8');
      const stream = this.streams.get(streamId);
      if (!stream) {
        call.write(
          new streamsPb.ReadResp().setStreamNotFound(
            new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(s.getStreamIdentifier()),
          ),
        );
        return call.end();
      }
      const ordered = backwards ? [...stream].reverse() : stream;
      const from = s.hasRevision() ? BigInt(s.getRevision()) : undefined;
      ordered
        .filter((e) => from === undefined || (backwards ? e.revision <= from : e.revision >= from))
        .slice(0, count)
        .forEach(send);
      return call.end();
    }

    const a = o.getAll();
    const from = a.hasPosition() ? BigInt(a.getPosition().getCommitPosition()) : undefined;
    if (!o.hasSubscription()) {
      // Reads from a position: forwards includes it, backwards starts before it.
      const ordered =
        a.hasEnd() && !backwards ? [] : backwards ? [...this.log].reverse() : this.log;
      ordered
        .filter((e) => from === undefined || (backwards ? e.position < from : e.position >= from))
        .filter(matches)
        .slice(0, count)
        .forEach(send);
      return call.end();
    }

    // A subscription: confirmation, catch-up (strictly after the position), caught-up, then live.
    this.calls.add(call);
    this.subscriptionsOpened += 1;
    call.write(
      new streamsPb.ReadResp().setConfirmation(
        new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(
          `sub-${this.calls.size}`,
        ),
      ),
    );
    const catchUp = a.hasEnd()
      ? []
      : this.log.filter((e) => from === undefined || e.position > from);
    catchUp.filter(matches).forEach(send);
    const caughtUpAt = this.log.length ? this.log[this.log.length - 1].position : 0n;
    if (prefixes.length) {
      call.write(
        new streamsPb.ReadResp().setCheckpoint(
          new streamsPb.ReadResp.Checkpoint()
            .setCommitPosition(caughtUpAt.toString())
            .setPreparePosition(caughtUpAt.toString()),
        ),
      );
    }
    call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    const onEvent = (e: StoredEvent) => matches(e) && send(e);
    this.live.add(onEvent);
    call.on('cancelled', () => {
      this.live.delete(onEvent);
      this.calls.delete(call);
    });
  };
}

function unsupportedReadOption(o: Msg): string | undefined {
  if (o.hasStream() && o.hasSubscription())
    return 'stream subscriptions are not modelled by the protocol test server';
  if (!o.hasFilter()) return undefined;
  const filter = o.getFilter();
  if (!filter.hasStreamIdentifier()) return 'only stream-name filters are modelled';
  if (filter.getStreamIdentifier().getRegex())
    return 'only stream-name prefix filters are modelled';
  return undefined;
}

function proposed(m: Msg): Proposed {
  const metadata = new Map<string, string>();
  m.getMetadataMap().forEach((value: string, key: string) => metadata.set(key, value));
  return {
    id: m.getId().getString(),
    metadata,
    data: toBytes(m.getData()),
    customMetadata: toBytes(m.getCustomMetadata()),
  };
}

function readEvent(e: StoredEvent): Msg {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(e.id))
    .setStreamIdentifier(
      new sharedPb.StreamIdentifier().setStreamName(Buffer.from(e.streamId, 'utf8')),
    )
    .setStreamRevision(e.revision.toString())
    .setCommitPosition(e.position.toString())
    .setPreparePosition(e.position.toString())
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  const map = recorded.getMetadataMap();
  e.metadata.forEach((value, key) => map.set(key, value));
  map.set('created', e.createdTicks);
  return new streamsPb.ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(e.position.toString());
}

function setExpected(
  message: Msg,
  expected: ExpectedRevision,
  setters: { revision: string; noStream: string; any: string; exists: string },
): void {
  if (typeof expected === 'bigint') message[setters.revision](expected.toString());
  else if (expected === 'no_stream') message[setters.noStream](new sharedPb.Empty());
  else if (expected === 'any') message[setters.any](new sharedPb.Empty());
  else message[setters.exists](new sharedPb.Empty());
}
