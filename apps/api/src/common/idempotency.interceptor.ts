import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { IDEMPOTENCY_STORE, IdempotencyStore, Principal, toProblem } from '@app/application';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap, tap } from 'rxjs/operators';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const REPLAYED_HEADERS = ['etag', 'location', 'x-stream-revision', 'x-global-position'];

/**
 * `Idempotency-Key` on a command: the first request runs; a repeat with the same key and the same
 * request gets the first response again (with `Idempotency-Replayed: true`) and appends nothing.
 * Domain refusals (4xx) are remembered too, so a retry cannot slip through after a refusal;
 * server errors (5xx) release the key so the client can retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const response = http.getResponse<Response>();
    const key = request.header('idempotency-key');
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
    const fingerprint = createHash('sha256')
      .update(
        `${request.method} ${request.originalUrl.split('?')[0]}\n${request.header('if-match') ?? ''}\n${JSON.stringify(request.body ?? null)}`,
      )
      .digest('hex');

    return from(this.store.claim(scope, key, fingerprint)).pipe(
      mergeMap((claim) => {
        switch (claim.state) {
          case 'completed':
            response.status(claim.response.status);
            for (const [name, value] of Object.entries(claim.response.headers))
              response.setHeader(name, value);
            response.setHeader('Idempotency-Replayed', 'true');
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
