import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { json, type RequestHandler } from 'express';

/**
 * No command nests deeper than a handful of levels (a penalty notice's offence period inside its
 * body is two); 32 leaves room for any honest client and stops a body nested thousands deep before
 * validation recurses through it.
 */
export const MAX_JSON_DEPTH = 32;

/** A JSON body refused before it is parsed: too deeply nested, or bytes that are not its charset. */
export class UnreadableJsonBody extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'json.unreadable';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableJsonBody';
  }
}

/** The deepest nesting of arrays and objects in JSON text, counted outside strings. */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) deepest = Math.max(deepest, (depth += 1));
    else if (b === 0x7d || b === 0x5d) depth -= 1;
  }
  return deepest;
}

export function checkJsonBody(
  request: IncomingMessage & { rawBody?: Buffer },
  _res: unknown,
  bytes: Buffer,
  encoding: string,
) {
  // Kept for the Idempotency-Key fingerprint, which binds a key to the bytes sent.
  request.rawBody = bytes;
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableJsonBody(
      `The request body is not valid ${encoding.toUpperCase()}: send JSON encoded as UTF-8.`,
    );
  }
  if (jsonDepth(bytes) > MAX_JSON_DEPTH)
    throw new UnreadableJsonBody(
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; no command needs that.`,
    );
}

/** The largest JSON body taken (express's json() default, 100 kB). */
export const JSON_BODY_LIMIT_BYTES = 100 * 1024;

/**
 * The JSON body parser (express's, with its 100 kB limit), refusing invalid bytes and runaway
 * nesting with a 400 before anything reads the body. Registered ahead of Nest's own parser, which
 * then finds the body already read.
 */
export const jsonBodies = (): RequestHandler => {
  const parse = json({ verify: checkJsonBody, limit: JSON_BODY_LIMIT_BYTES });
  // body-parser's SyntaxError would reach the client as JSON.parse's own words ("Unexpected end of
  // JSON input"): Nest turns it into a 400 with that message. The API says the same on both
  // platforms instead.
  return (request, response, next) =>
    parse(request, response, (error?: unknown) =>
      next(
        (error as { type?: unknown } | undefined)?.type === 'entity.parse.failed'
          ? unparseableJson()
          : error,
      ),
    );
};

/** Text sent as JSON that JSON.parse refuses: a 400 saying so, the same on express and fastify. */
export const unparseableJson = () =>
  Object.assign(new Error('The request body could not be read as JSON.'), {
    status: 400,
    expose: true,
    type: 'entity.parse.failed',
  });

const hasBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/** `application/json` or a `+json` type, whatever its parameters. */
export const isJson = (contentType: string | undefined) => {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
};

/**
 * Every endpoint takes JSON unless it declares other media types (`@ApiConsumes`, as the CSV
 * imports do, which check their own): a form or text body sent to a JSON endpoint is a 415, not
 * parsed into a command.
 */
@Injectable()
export class JsonBodiesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!hasBody(request)) return true;
    const declared = this.reflector.getAllAndOverride<string[] | undefined>(
      DECORATORS.API_CONSUMES,
      [context.getHandler(), context.getClass()],
    );
    if (declared?.length || isJson(request.headers['content-type'])) return true;
    throw new UnsupportedMediaTypeException({
      title: 'Unsupported media type',
      detail: 'Send the request body as JSON (Content-Type: application/json).',
    });
  }
}
