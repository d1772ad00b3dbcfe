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
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../../errors';
import type { ExpectedRevision } from '../../event-store.port';
import {
  anyPb,
  featuresGrpc,
  featuresPb,
  sharedPb,
  statusPb,
  streamsGrpc,
  streamsPb,
} from './esdb-generated';
import {
  describeConflict,
  expectedRevisionOf,
  proposed,
  readResp,
  streamIdentifier,
  streamName,
  unsupportedReadOption,
} from './esdb-messages';
import type { Msg } from './esdb-messages';
import { InMemoryLog } from './in-memory-log';
import type { Proposed, StoredEvent } from './in-memory-log';

export interface EsdbProtocolServerOptions {
  /** Advertise `BatchAppend` through ServerFeatures (the client then appends over it). */
  batchAppend: boolean;
  /** Listen on this port rather than an ephemeral one. */
  port?: number;
}

const unimplemented = (_: unknown, callback: grpc.sendUnaryData<Msg>) =>
  callback({ code: grpc.status.UNIMPLEMENTED });

export class EsdbProtocolServer {
  private server: grpc.Server | undefined;
  /** Kept across stop() and start(), as a real server's data survives a restart. */
  private readonly log = new InMemoryLog();
  private readonly subscriptions = new Map<grpc.ServerWritableStream<Msg, Msg>, () => void>();
  /** The port listened on; start() after stop() reuses it, so a client finds the server again. */
  port = 0;
  /** How many appends arrived over each path, so tests can prove which one the client took. */
  readonly appendsBy = { append: 0, batchAppend: 0 };
  /** Subscriptions opened so far (a resubscription opens another). */
  subscriptionsOpened = 0;
  /** Events sent in answer to reads (not subscriptions), so tests can see what a read cost. */
  eventsRead = 0;
  /** Reads (not subscriptions) the server is still answering: neither finished nor cancelled. */
  private readonly readsOpen = new Set<grpc.ServerWritableStream<Msg, Msg>>();

  get openReads(): number {
    return this.readsOpen.size;
  }

  constructor(private readonly options: EsdbProtocolServerOptions) {}

  /** Listens on 127.0.0.1 (an ephemeral port the first time); returns the connection string. */
  async start(): Promise<string> {
    const server = new grpc.Server();
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: this.supportedMethods,
    });
    server.addService(streamsGrpc.StreamsService, {
      read: this.read,
      append: this.append,
      batchAppend: this.batchAppend,
      delete: unimplemented,
      tombstone: unimplemented,
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `127.0.0.1:${this.options.port ?? this.port}`,
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

  /**
   * Fills the log with `count` events of other streams, as a server that has been in use holds:
   * mostly other pupils', and every tenth a system event (`$stats-…`, which a real `$all` carries).
   */
  holdOtherEvents(count: number): void {
    const perStream = 100;
    for (let written = 0; written < count; written += perStream) {
      const n = Math.min(perStream, count - written);
      const streamId = (written / perStream) % 10 === 9 ? `$stats-${written}` : `other-${written}`;
      this.log.write(
        streamId,
        'no_stream',
        Array.from({ length: n }, () => ({
          id: randomUUID(),
          metadata: new Map([
            ['type', 'SomethingElseHappened'],
            ['content-type', 'application/json'],
          ]),
          data: Buffer.from(JSON.stringify({ filler: 'x'.repeat(200) })),
          customMetadata: Buffer.from('{}'),
        })),
      );
    }
  }

  /** Ends every open subscription with UNAVAILABLE, as a server restart or failover would. */
  dropSubscriptions(): void {
    for (const [call, stopListening] of this.subscriptions) {
      stopListening();
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'subscription dropped' });
    }
    this.subscriptions.clear();
  }

  async stop(): Promise<void> {
    this.dropSubscriptions();
    // Force: a client that stopped reading half-way leaves calls a graceful shutdown would wait for.
    this.server?.forceShutdown();
    this.server = undefined;
  }

  private readonly supportedMethods = (_call: unknown, callback: grpc.sendUnaryData<Msg>) => {
    const names = ['read', 'append', ...(this.options.batchAppend ? ['batchappend'] : [])];
    const methods = names.map((name) =>
      new featuresPb.SupportedMethod()
        .setServiceName('event_store.client.streams.Streams')
        .setMethodName(name)
        .setFeaturesList([]),
    );
    callback(
      null,
      new featuresPb.SupportedMethods()
        .setMethodsList(methods)
        .setEventStoreServerVersion('24.10.0-protocol-test'),
    );
  };

  /** Client-streaming: options first, then one message per event; one answer at the end. */
  private readonly append = (
    call: grpc.ServerReadableStream<Msg, Msg>,
    callback: grpc.sendUnaryData<Msg>,
  ) => {
    let streamId = '';
    let expected: ExpectedRevision = 'any';
    const messages: Proposed[] = [];
    call.on('data', (req: Msg) => {
      if (!req.hasOptions()) return messages.push(proposed(req.getProposedMessage()));
      const o = req.getOptions();
      streamId = streamName(o.getStreamIdentifier());
      expected = expectedRevisionOf(o, () => o.getRevision());
    });
    call.on('end', () => {
      this.appendsBy.append += 1;
      const resp = new streamsPb.AppendResp();
      try {
        const { revision, position, alreadyWritten } = this.log.write(streamId, expected, messages);
        const success = new streamsPb.AppendResp.Success().setCurrentRevision(revision.toString());
        // An idempotent retry is answered without a position, as EventStoreDB servers do.
        if (alreadyWritten) success.setNoPosition(new sharedPb.Empty());
        else
          success.setPosition(
            new streamsPb.AppendResp.Position()
              .setCommitPosition(position.toString())
              .setPreparePosition(position.toString()),
          );
        callback(null, resp.setSuccess(success));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError))
          return callback({ code: grpc.status.INVALID_ARGUMENT, details: String(error) });
        const conflict = describeConflict(
          new streamsPb.AppendResp.WrongExpectedVersion(),
          error.expected,
          error.actual,
          { revision: 'setExpectedRevision', current: 'setCurrentRevision' },
        );
        callback(null, resp.setWrongExpectedVersion(conflict));
      }
    });
  };

  /** Bidirectional: requests grouped by correlation id until one is final; one answer per group. */
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
        batch = {
          streamId: streamName(o.getStreamIdentifier()),
          expected: expectedRevisionOf(o, () => o.getStreamPosition()),
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
        .setStreamIdentifier(streamIdentifier(batch.streamId));
      try {
        const { revision, position, alreadyWritten } = this.log.write(
          batch.streamId,
          batch.expected,
          batch.messages,
        );
        const success = new streamsPb.BatchAppendResp.Success().setCurrentRevision(
          revision.toString(),
        );
        if (alreadyWritten) success.setNoPosition(new sharedPb.Empty());
        else
          success.setPosition(
            new sharedPb.AllStreamPosition()
              .setCommitPosition(position.toString())
              .setPreparePosition(position.toString()),
          );
        call.write(resp.setSuccess(success));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) {
          call.write(
            resp.setError(
              new statusPb.Status().setCode(grpc.status.INVALID_ARGUMENT).setMessage(String(error)),
            ),
          );
          return;
        }
        // A conflict is a Status with code 9 (FAILED_PRECONDITION) packing the details in an Any.
        const conflict = describeConflict(
          new sharedPb.WrongExpectedVersion(),
          error.expected,
          error.actual,
          { revision: 'setExpectedStreamPosition', current: 'setCurrentStreamRevision' },
        );
        const details = new anyPb.Any();
        details.pack(conflict.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        const status = new statusPb.Status()
          .setCode(grpc.status.FAILED_PRECONDITION)
          .setMessage('WrongExpectedVersion')
          .setDetails(details);
        call.write(resp.setError(status));
      }
    });
    call.on('end', () => call.end());
  };

  /** Server-streaming: a stream read, a `$all` read, or a `$all` subscription. */
  private readonly read = (call: grpc.ServerWritableStream<Msg, Msg>) => {
    const o = call.request.getOptions();
    const unsupported = unsupportedReadOption(o);
    if (unsupported) {
      // Refuse what it does not model, rather than answer something a real server would not.
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: unsupported });
      return;
    }
    const backwards = o.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(o.getCount());
    const send = (events: Iterable<StoredEvent>) => void this.stream(call, events, count);

    if (o.hasStream()) {
      const s = o.getStream();
      const stream = this.log.stream(streamName(s.getStreamIdentifier()));
      if (!stream) {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
          s.getStreamIdentifier(),
        );
        call.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
        return call.end();
      }
      const from = s.hasRevision() ? BigInt(s.getRevision()) : undefined;
      return send(
        (backwards ? [...stream].reverse() : stream).filter(
          (e) => from === undefined || (backwards ? e.revision <= from : e.revision >= from),
        ),
      );
    }

    const a = o.getAll();
    const from = a.hasPosition() ? BigInt(a.getPosition().getCommitPosition()) : undefined;
    if (!o.hasSubscription()) {
      // Forwards from a position includes the event at it; backwards starts before it.
      const ordered =
        a.hasEnd() && !backwards ? [] : backwards ? [...this.log.all].reverse() : this.log.all;
      return send(
        ordered.filter(
          (e) => from === undefined || (backwards ? e.position < from : e.position >= from),
        ),
      );
    }
    this.subscribe(call, a.hasEnd() ? this.log.lastPosition : from, o);
  };

  /**
   * Sends up to `count` events as the client reads them, as a server does over HTTP/2 flow
   * control: a client that stops reading early leaves the call open until it cancels it, and a
   * large `$all` is never all in flight at once.
   */
  private async stream(
    call: grpc.ServerWritableStream<Msg, Msg>,
    events: Iterable<StoredEvent>,
    count: number,
  ): Promise<void> {
    let cancelled = call.cancelled;
    call.on('cancelled', () => (cancelled = true));
    this.readsOpen.add(call);
    let sent = 0;
    for (const e of events) {
      if (cancelled || sent === count) break;
      sent += 1;
      this.eventsRead += 1;
      if (!call.write(readResp(e)))
        await new Promise<void>((resolve) => {
          const done = () => {
            call.off('drain', done);
            call.off('cancelled', done);
            resolve();
          };
          call.on('drain', done);
          call.on('cancelled', done);
        });
    }
    this.readsOpen.delete(call);
    if (!cancelled) call.end();
  }

  /** Confirmation, catch-up strictly after `after`, caught_up, then live events as they commit. */
  private subscribe(call: grpc.ServerWritableStream<Msg, Msg>, after: bigint | undefined, o: Msg) {
    const prefixes: string[] = o.hasFilter()
      ? o.getFilter().getStreamIdentifier().getPrefixList()
      : [];
    const matches = (e: StoredEvent) =>
      prefixes.length === 0 || prefixes.some((p) => e.streamId.startsWith(p));
    const send = (e: StoredEvent) => matches(e) && call.write(readResp(e));

    this.subscriptionsOpened += 1;
    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(
      `subscription-${this.subscriptionsOpened}`,
    );
    call.write(new streamsPb.ReadResp().setConfirmation(confirmation));
    this.log.all.filter((e) => after === undefined || e.position > after).forEach(send);
    if (prefixes.length) {
      // A filtered subscription also reports how far it has looked, matches or not.
      const checkpoint = new streamsPb.ReadResp.Checkpoint()
        .setCommitPosition(this.log.lastPosition.toString())
        .setPreparePosition(this.log.lastPosition.toString());
      call.write(new streamsPb.ReadResp().setCheckpoint(checkpoint));
    }
    call.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    // Synchronous with the catch-up above: nothing can be appended in between, so no gap.
    const stopListening = this.log.onAppend(send);
    this.subscriptions.set(call, stopListening);
    call.on('cancelled', () => {
      stopListening();
      this.subscriptions.delete(call);
    });
  }
}
