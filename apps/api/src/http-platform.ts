/**
 * The HTTP platform under Nest (HTTP_ADAPTER): Express, the default, or Fastify; both serve the
 * whole app, the JSON API and the web pages (docs/http-platform.md). What differs between them is
 * set up here; the controllers, guards, pipes, interceptors and filters are the same on both.
 */
import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { type AppConfig, Metrics } from '@app/application';
import { correlationIdOf } from './common/correlation';
import {
  checkJsonBody,
  isJson,
  jsonBodies,
  JSON_BODY_LIMIT_BYTES,
  unparseableJson,
} from './common/json-bodies';

export type HttpPlatform = AppConfig['http']['adapter'];

/** The Nest HTTP adapter for the configured platform; Fastify's is loaded only when asked for. */
export function httpAdapterFor(
  config: Pick<AppConfig, 'http' | 'operations'>,
): AbstractHttpAdapter {
  if (config.http.adapter === 'express') return new ExpressAdapter();
  // Loaded only when asked for, so an app on express does not load fastify too.
  const { FastifyAdapter } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@nestjs/platform-fastify') as typeof import('@nestjs/platform-fastify');
  const hops = config.operations.trustProxyHops;
  return new FastifyAdapter({
    trustProxy: hops > 0 ? hops : false,
    // The same correlation id pino logs and the events carry (correlationIdOf keeps it per request).
    genReqId: (request: IncomingMessage) => correlationIdOf(request),
    // Register files stream past the JSON parser (see configureHttpPlatform), so this only bounds
    // what fastify itself would buffer.
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // A task's id names its pupil, its kind, what it comes from and its date (110 characters and
    // more); fastify's router refuses a path parameter over 100 with a 414 by default, express
    // takes any the URL holds. (Under routerOptions: fastify 5 warns, FSTDEP022, at the top level.)
    routerOptions: { maxParamLength: 1_000 },
  }) as unknown as AbstractHttpAdapter;
}

export const platformOf = (app: INestApplication): HttpPlatform =>
  app.getHttpAdapter().getType() === 'fastify' ? 'fastify' : 'express';

/**
 * Body parsing, the client address behind proxies and every request's latency by route pattern
 * (the route pattern, `/pupils/:pupilId`, never the path: ids are not labels).
 */
export function configureHttpPlatform(app: INestApplication, config: AppConfig): void {
  const latency = app.get(Metrics).httpDuration;
  if (platformOf(app) === 'express') {
    const express = app as NestExpressApplication;
    express.set('trust proxy', config.operations.trustProxyHops);
    express.use((req: Request, res: Response, next: NextFunction) => {
      const end = latency.startTimer({ method: req.method });
      res.once('finish', () => {
        const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        end({ route, status: String(res.statusCode) });
      });
      next();
    });
    express.use(jsonBodies());
    return;
  }
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRequest', (request, reply, done) => {
    // pino-http names the request after fastify's id (genReqId above) and so leaves this to us.
    void reply.header('X-Correlation-Id', request.id);
    const end = latency.startTimer({ method: request.method });
    reply.raw.once('finish', () =>
      end({ route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }),
    );
    // A JSON body declared larger than the limit is refused before it is read, with the same
    // problem as on express (fastify's own limit, for a body sent without a length, words it its way).
    const declared = Number(request.headers['content-length']);
    if (declared > JSON_BODY_LIMIT_BYTES && isJson(request.headers['content-type']))
      return done(
        Object.assign(new Error('request entity too large'), {
          status: 413,
          expose: true,
          type: 'entity.too.large',
        }),
      );
    done();
  });
  const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
  // JSON (and `+json`) bodies through the same checks as on express; marking the parser registered
  // keeps Nest from adding its own.
  const parse = (
    request: FastifyRequest,
    body: Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ) => {
    try {
      done(null, parseJsonBody(request, body));
    } catch (error) {
      done(error as Error);
    }
  };
  for (const type of ['application/json', /^application\/[a-z0-9.+-]+\+json$/i])
    adapter.useBodyParser(type, true, { bodyLimit: JSON_BODY_LIMIT_BYTES }, parse);
  // Anything else is left unread for its handler (a register file streamed through busboy); the
  // JSON endpoints refuse it with a 415 (JsonBodiesGuard). Errors fastify raises before a route
  // runs (a body too large) reach Nest's exception filters, as express's do.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

/** The charset a JSON body is sent in: UTF-8 unless the Content-Type says otherwise. */
function charsetOf(request: FastifyRequest): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '');
  return (match?.[1] ?? 'utf-8').toLowerCase();
}

/** Fastify's JSON parsing as express's json() does it, with the api's own checks first. */
function parseJsonBody(request: FastifyRequest, bytes: Buffer): unknown {
  const charset = charsetOf(request);
  if (!charset.startsWith('utf-'))
    throw Object.assign(new Error(`unsupported charset "${charset.toUpperCase()}"`), {
      status: 415,
      expose: true,
      type: 'charset.unsupported',
    });
  checkJsonBody(request as unknown as IncomingMessage, undefined, bytes, charset);
  const text = new TextDecoder(charset).decode(bytes).trim();
  if (text === '') return {};
  // Objects and arrays only, as express's json() in its strict mode takes them.
  if (text[0] !== '{' && text[0] !== '[') throw unparseableJson();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unparseableJson();
  }
}

/** Static files under a path: the first root holding the file serves it; `only`, the files allowed. */
export interface StaticMount {
  prefix: string;
  roots: string[];
  only?: RegExp;
}

/** Static files are cached for an hour (they change only with a release). */
const STATIC_MAX_AGE_MS = 3600_000;

/**
 * What the web pages need of the platform before Nest's routes: cookies read into `req.cookies`,
 * form posts (urlencoded) parsed into `req.body` (on express Nest's own parser does that), and the
 * static files. A file not found under a mount is Nest's 404, as for any unknown path.
 */
export function configureWebPlatform(app: INestApplication, mounts: StaticMount[]): void {
  if (platformOf(app) === 'express') {
    app.use(cookieParser());
    const options = { index: false, fallthrough: true, maxAge: STATIC_MAX_AGE_MS } as const;
    for (const { prefix, roots, only } of mounts) {
      const serve = roots.map((root) => express.static(root, options));
      app.use(
        prefix,
        ...(only
          ? [
              (req: Request, res: Response, next: NextFunction) =>
                only.test(req.path) ? next() : res.sendStatus(404),
            ]
          : []),
        ...serve,
      );
    }
    return;
  }
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  /* eslint-disable @typescript-eslint/no-require-imports */
  void fastify.register(require('@fastify/cookie') as typeof import('@fastify/cookie'));
  void fastify.register(require('@fastify/formbody') as typeof import('@fastify/formbody'));
  const serveStatic = require('@fastify/static') as typeof import('@fastify/static');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // In a context of their own, so that a path climbing out of its root (`/assets/../x`, which
  // @fastify/static refuses with a bare 403 error) is Nest's 404, as express.static falls through.
  void fastify.register(async (assets: FastifyInstance) => {
    assets.setErrorHandler((error: { statusCode?: number }, _request, reply) =>
      error.statusCode === 403 ? reply.callNotFound() : reply.send(error),
    );
    for (const { prefix, roots, only } of mounts)
      await assets.register(serveStatic, {
        root: roots,
        prefix,
        index: false,
        maxAge: STATIC_MAX_AGE_MS,
        decorateReply: false,
        ...(only ? { allowedPath: (pathName: string) => only.test(pathName) } : {}),
      });
  });
}
