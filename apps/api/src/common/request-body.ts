import type { Request } from 'express';
import { Readable } from 'node:stream';

/** A request whose body's bytes may already have been read: by the JSON parser, or to fingerprint it. */
export type BodyRequest = Request & { rawBody?: Buffer };

/** The request's own byte stream: express's request is one; fastify's wraps it (`raw`). */
const streamOf = (request: BodyRequest): Readable =>
  (request as unknown as { raw?: Readable }).raw ?? request;

const hasNoBody = (request: Request) =>
  request.headers['transfer-encoding'] === undefined &&
  (request.headers['content-length'] === undefined || request.headers['content-length'] === '0');

/**
 * The request's whole body (at most `maxBytes`, else `tooLarge` throws), kept as `rawBody` so the
 * handler reads it from `bodyStream` instead of the spent request stream.
 */
export async function readWholeBody(
  request: BodyRequest,
  maxBytes: number,
  tooLarge: () => never,
): Promise<Buffer> {
  if (request.rawBody) {
    if (request.rawBody.length > maxBytes) tooLarge();
    return request.rawBody;
  }
  const stream = streamOf(request);
  if (hasNoBody(request) || stream.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge();
    chunks.push(chunk);
  }
  request.rawBody = Buffer.concat(chunks);
  return request.rawBody;
}

/** The body as a stream, whether or not its bytes were already read. */
export const bodyStream = (request: BodyRequest): Readable =>
  request.rawBody ? Readable.from([request.rawBody], { objectMode: false }) : streamOf(request);
