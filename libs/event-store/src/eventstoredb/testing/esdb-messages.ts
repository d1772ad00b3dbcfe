/**
 * Reading and building the protocol's messages for the protocol test server. The generated classes
 * are untyped here, hence `Msg`.
 */
import type { ExpectedRevision } from '../../event-store.port';
import { sharedPb, streamsPb } from './esdb-generated';
import type { Proposed, StoredEvent } from './in-memory-log';

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
export type Msg = any;

const toBytes = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? Buffer.from(value, 'base64') : value;

export const streamName = (identifier: Msg): string =>
  Buffer.from(identifier.getStreamName_asU8()).toString('utf8');

export const streamIdentifier = (streamId: string): Msg =>
  new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));

/** `Append` and `BatchAppend` options name an exact revision differently; the rest is shared. */
export const expectedRevisionOf = (options: Msg, exact: () => string): ExpectedRevision =>
  options.hasNoStream()
    ? 'no_stream'
    : options.hasAny()
      ? 'any'
      : options.hasStreamExists()
        ? 'stream_exists'
        : BigInt(exact());

export function proposed(m: Msg): Proposed {
  const metadata = new Map<string, string>();
  m.getMetadataMap().forEach((value: string, key: string) => metadata.set(key, value));
  return {
    id: m.getId().getString(),
    metadata,
    data: toBytes(m.getData()),
    customMetadata: toBytes(m.getCustomMetadata()),
  };
}

export function readResp(e: StoredEvent): Msg {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(e.id))
    .setStreamIdentifier(streamIdentifier(e.streamId))
    .setStreamRevision(e.revision.toString())
    .setCommitPosition(e.position.toString())
    .setPreparePosition(e.position.toString())
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  const map = recorded.getMetadataMap();
  e.metadata.forEach((value, key) => map.set(key, value));
  map.set('created', e.createdTicks);
  return new streamsPb.ReadResp().setEvent(
    new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(e.position.toString()),
  );
}

/** Fills the expected and current revisions of a WrongExpectedVersion (field names vary by path). */
export function describeConflict(
  message: Msg,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
  setters: { revision: string; current: string },
): Msg {
  if (actual === 'no_stream') message.setCurrentNoStream(new sharedPb.Empty());
  else message[setters.current](actual.toString());
  if (typeof expected === 'bigint') message[setters.revision](expected.toString());
  else if (expected === 'no_stream') message.setExpectedNoStream(new sharedPb.Empty());
  else if (expected === 'any') message.setExpectedAny(new sharedPb.Empty());
  else message.setExpectedStreamExists(new sharedPb.Empty());
  return message;
}

/** What `Read` options ask for that this server does not model, if anything. */
export function unsupportedReadOption(o: Msg): string | undefined {
  if (o.hasStream() && o.hasSubscription())
    return 'stream subscriptions are not modelled by the protocol test server';
  if (!o.hasFilter()) return undefined;
  const filter = o.getFilter();
  if (!filter.hasStreamIdentifier()) return 'only stream-name filters are modelled';
  if (filter.getStreamIdentifier().getRegex())
    return 'only stream-name prefix filters are modelled';
  return undefined;
}
