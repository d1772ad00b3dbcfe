/**
 * The EventStoreDB client ships no .proto files but ships the generated gRPC code; the protocol
 * test server uses exactly those definitions, so client and server cannot disagree on the wire.
 * google-protobuf is loaded from where the generated code resolves it, so messages mix safely.
 */
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- untyped generated code */
const generated = path.join(
  path.dirname(require.resolve('@eventstore/db-client/package.json')),
  'generated',
);
const load = (file: string): Record<string, any> => require(path.join(generated, file));

export const streamsGrpc = load('streams_grpc_pb.js');
export const streamsPb = load('streams_pb.js');
export const sharedPb = load('shared_pb.js');
export const statusPb = load('status_pb.js');
export const featuresGrpc = load('serverfeatures_grpc_pb.js');
export const featuresPb = load('serverfeatures_pb.js');
export const anyPb: Record<string, any> = require(
  require.resolve('google-protobuf/google/protobuf/any_pb', { paths: [generated] }),
);
