/**
 * Every error leaves the API as `application/problem+json` (RFC 9457) with a `detail` a caseworker
 * can read. Validation failures name each failing field. Unexpected errors say nothing about the
 * data involved (no personal data in responses or logs) and carry the correlation id instead.
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { DomainError } from '@app/domain';
import type { Request, Response } from 'express';
import { ConcurrencyExhaustedError, StaleRevisionError } from '../commands/stream-executor';
import { CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { MeetingNotFound } from '../meetings/targeting-support-meetings';
import { InvalidPosition, ReadModelsBehind } from '../read-models/read-your-writes';
import { UnsupportedFilter } from '../read-models/casework-queries';
import { InvalidCursor } from '@app/read-models';
import { PurposeRequired } from '../audit/access-log';
import { PdfPrinterUnavailable } from '../letters/letter-printer';
import { InvalidAuditQuery } from '../audit/audit-query';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  [extra: string]: unknown;
}

const DOMAIN_STATUS = {
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
} as const;

export function toProblem(error: unknown, correlationId?: string): ProblemDetails {
  if (error instanceof MeetingNotFound) {
    return {
      type: 'urn:attendance-casework:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: error.message,
      code: 'meeting-not-found',
    };
  }
  if (error instanceof CaseNotFound) {
    return {
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: error.message,
      code: 'not-found',
    };
  }
  if (error instanceof CaseAccessDenied) {
    return {
      type: 'urn:attendance-casework:problem:case-access',
      title: 'Forbidden',
      status: 403,
      detail: error.message,
      code: 'case-access',
    };
  }
  if (error instanceof DomainError) {
    return {
      type: `urn:attendance-casework:problem:${error.code}`,
      title:
        error.kind === 'conflict'
          ? 'Conflicts with the case as it stands'
          : 'Not allowed by the rules',
      status: DOMAIN_STATUS[error.kind],
      detail: error.message,
      code: error.code,
      ...(Object.keys(error.details).length ? { facts: error.details } : {}),
    };
  }
  if (error instanceof PurposeRequired) {
    return {
      type: 'urn:attendance-casework:problem:purpose-required',
      title: 'Purpose required',
      status: 400,
      detail: error.message,
      code: 'purpose-required',
      errors: [{ field: 'purpose', messages: [error.message] }],
    };
  }
  if (error instanceof InvalidAuditQuery) {
    return {
      type: 'urn:attendance-casework:problem:invalid-query',
      title: 'Bad request',
      status: 400,
      detail: error.message,
      code: 'invalid-query',
      errors: [{ field: error.field, messages: [error.message] }],
    };
  }
  if (error instanceof InvalidCursor || error instanceof UnsupportedFilter) {
    return {
      type: 'urn:attendance-casework:problem:invalid-query',
      title: 'Invalid query',
      status: 400,
      detail: error.message,
      code: 'invalid-query',
    };
  }
  if (error instanceof InvalidPosition) {
    return {
      type: 'urn:attendance-casework:problem:invalid-position',
      title: 'Invalid position',
      status: 400,
      detail: error.message,
      code: 'invalid-position',
    };
  }
  if (error instanceof ReadModelsBehind) {
    return {
      type: 'urn:attendance-casework:problem:read-models-behind',
      title: 'Read models not yet up to date',
      status: 503,
      detail: error.message,
      code: 'read-models-behind',
    };
  }
  if (error instanceof PdfPrinterUnavailable) {
    return {
      type: 'urn:attendance-casework:problem:pdf-printer-unavailable',
      title: 'PDF printing unavailable',
      status: 503,
      detail: error.message,
      code: 'pdf-printer-unavailable',
    };
  }
  if (error instanceof StaleRevisionError) {
    return {
      type: 'urn:attendance-casework:problem:stale-revision',
      title: 'Precondition failed',
      status: 412,
      detail: error.message,
      code: 'stale-revision',
    };
  }
  if (error instanceof ConcurrencyExhaustedError) {
    return {
      type: 'urn:attendance-casework:problem:busy',
      title: 'Too many simultaneous changes',
      status: 503,
      detail: error.message,
      code: 'busy',
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const fromBody =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const errors = Array.isArray(fromBody.errors)
      ? (fromBody.errors as ProblemDetails['errors'])
      : undefined;
    const detail =
      typeof fromBody.detail === 'string'
        ? fromBody.detail
        : typeof body === 'string'
          ? body
          : error.message;
    return {
      type: typeof fromBody.type === 'string' ? fromBody.type : 'about:blank',
      title:
        typeof fromBody.title === 'string'
          ? fromBody.title
          : (HttpStatus[status] ?? 'Error').replace(/_/g, ' ').toLowerCase(),
      status,
      detail,
      ...(typeof fromBody.code === 'string' ? { code: fromBody.code } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  // Errors from the body parser (a body too large, malformed JSON) carry their own 4xx status.
  const parserError = error as { status?: unknown; expose?: unknown; type?: unknown } | null;
  if (
    parserError &&
    typeof parserError.status === 'number' &&
    parserError.status >= 400 &&
    parserError.status < 500 &&
    parserError.expose === true
  ) {
    const tooLarge = parserError.type === 'entity.too.large';
    // The api's own checks of a JSON body's bytes (depth, encoding) say what they refused.
    const ownCheck = parserError.type === 'json.unreadable' && error instanceof Error;
    return {
      type: 'about:blank',
      title: tooLarge ? 'Payload too large' : 'Bad request',
      status: parserError.status,
      detail: tooLarge
        ? 'The request body is larger than this endpoint accepts; send smaller batches.'
        : ownCheck
          ? error.message
          : 'The request body could not be read as JSON.',
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal server error',
    status: 500,
    detail: `Something went wrong on our side. Quote reference ${correlationId ?? 'unknown'} if you contact support.`,
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const header = response.getHeader('X-Correlation-Id');
    const correlationId =
      typeof request.id === 'string' ? request.id : typeof header === 'string' ? header : undefined;
    const problem = toProblem(error, correlationId);
    if (problem.status >= 500) {
      // Log the error class and stack only: messages of unexpected errors may quote data.
      const name = error instanceof Error ? error.name : typeof error;
      this.logger.error(
        { err: { name, stack: error instanceof Error ? error.stack : undefined }, correlationId },
        'request failed',
      );
    }
    response
      .status(problem.status)
      .type('application/problem+json')
      .send({ ...problem, instance: request.originalUrl?.split('?')[0] });
  }
}
