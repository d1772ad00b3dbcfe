import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UseInterceptors,
} from '@nestjs/common';
import {
  IDEMPOTENCY_STORE,
  IdempotencyStore,
  KeyedRequest,
  Principal,
  toProblem,
} from '@app/application';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { type BodyRequest, readWholeBody } from './request-body';
import { headerOf } from './http-headers';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, map, mergeMap, tap } from 'rxjs/operators';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
/**
 * A keyed body that is streamed to its handler (a register or payments file) is read whole first,
 * to fingerprint it: up to this size. A larger register is sent without a key (the same file is
 * one import anyway).
 */
const MAX_KEYED_STREAMED_BYTES = 64 * 1024 * 1024;
const REPLAYED_HEADERS = ['etag', 'location', 'x-stream-revision', 'x-global-position'];

/**
 * `Idempotency-Key` on a command: the first request runs; a repeat with the same key and the same
 * request (method, path, query, If-Match, content type and the body's bytes) gets the first
 * response again (with `Idempotency-Replayed: true`) and appends nothing; another request under
 * the key is a 422. Domain refusals (4xx) are remembered too, so a retry cannot slip through after
 * a refusal; server errors (5xx) release the key so the client can retry.
 *
 * The stored response is written after the command's events, so a process killed between the two
 * leaves the key unfinished: the request then carries a KeyedRequest, whose ids make the events
 * themselves the record of the key (see KeyedRequest), and a repeat finds them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<
      BodyRequest & { principal?: Principal; keyed?: KeyedRequest }
    >();
    const response = http.getResponse<Response>();
    const key = headerOf(request, 'idempotency-key');
    if (key === undefined || request.method === 'GET' || !request.principal) return next.handle();
    if (!KEY.test(key)) {
      return throwError(
        () =>
          new UnprocessableEntityException({
            title: 'Invalid Idempotency-Key',
            detail:
              'Idempotency-Key must be 8 to 128 letters, digits, dots, colons, underscores or hyphens.',
          }),
      );
    }
    const scope = request.principal.userId;

    return from(fingerprintOf(request)).pipe(
      mergeMap((fingerprint) =>
        from(this.store.claim(scope, key, fingerprint)).pipe(
          map((claim) => ({ claim, fingerprint })),
        ),
      ),
      mergeMap(({ claim, fingerprint }) => {
        switch (claim.state) {
          case 'completed':
            response.status(claim.response.status);
            for (const [name, value] of Object.entries(claim.response.headers))
              response.header(name, value);
            response.header('Idempotency-Replayed', 'true');
            if (claim.response.status >= 400) {
              response.type('application/problem+json').send(claim.response.body);
              return of(undefined);
            }
            return of(claim.response.body);
          case 'in-progress':
            throw new ConflictException({
              title: 'Request in progress',
              detail:
                'A request with this Idempotency-Key is still being processed; retry shortly.',
            });
          case 'mismatch':
            throw new UnprocessableEntityException({
              title: 'Idempotency-Key reused',
              detail: 'This Idempotency-Key was already used for a different request.',
            });
          case 'claimed':
            request.keyed = new KeyedRequest(scope, key, fingerprint);
            return next.handle().pipe(
              tap((body) => {
                const headers = Object.fromEntries(
                  REPLAYED_HEADERS.flatMap((h) =>
                    response.getHeader(h) !== undefined ? [[h, String(response.getHeader(h))]] : [],
                  ),
                );
                void this.store.complete(scope, key, {
                  status: response.statusCode,
                  body,
                  headers,
                });
              }),
              catchError((error: unknown) => {
                const problem = toProblem(error);
                const done =
                  problem.status >= 500
                    ? this.store.release(scope, key)
                    : this.store.complete(scope, key, {
                        status: problem.status,
                        body: problem,
                        headers: {},
                      });
                return from(done).pipe(mergeMap(() => throwError(() => error)));
              }),
            );
        }
      }),
    );
  }
}

/** Everything that makes a request this request: a used key sent with anything else is refused. */
async function fingerprintOf(request: BodyRequest): Promise<string> {
  const body =
    request.rawBody ??
    (await readWholeBody(request, MAX_KEYED_STREAMED_BYTES, () => {
      throw new PayloadTooLargeException({
        title: 'Payload too large',
        detail: `A body sent with an Idempotency-Key may be at most ${MAX_KEYED_STREAMED_BYTES / 1024 / 1024} MB; send a larger register without the key (the same file is one import anyway).`,
      });
    }));
  return createHash('sha256')
    .update(
      [
        request.method,
        request.originalUrl,
        headerOf(request, 'if-match') ?? '',
        headerOf(request, 'content-type') ?? '',
        '',
      ].join('\n'),
    )
    .update(body)
    .digest('hex');
}

/**
 * Marks a write route as taking `Idempotency-Key` (ApiWriteResult does, for every command). Put on
 * the writes rather than on the whole app: a route with any interceptor pays Nest's interceptor
 * chain on every request (on Node 20 each of its AsyncResource.bind calls also builds deprecation
 * wrappers), and reads, which ignore the key, are the requests served most.
 */
export const Idempotent = () => UseInterceptors(IdempotencyInterceptor);
