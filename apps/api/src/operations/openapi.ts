/**
 * The OpenAPI document's contract for clients: a stable `operationId` on every operation
 * (`<area>_<method>`, from the controller and handler names, never from the order of routes), the
 * problem+json body of every error response, and the body of every write.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Idempotent } from '../common/idempotency.interceptor';
import { READ_RESPONSES } from './read-response-schemas';

/** `PupilsController.register` → `pupils_register`. */
export const operationId = (controllerKey: string, methodKey: string): string => {
  const area = controllerKey.replace(/Controller$/, '');
  return `${area[0].toLowerCase()}${area.slice(1)}_${methodKey}`;
};

const WRITE_RESULT = 'x-write-result';

/**
 * A command's answer: the stream's new revision (also in `ETag`) and the global position (pass it
 * to a query as `position` to read your own write), plus the ids of what it created. Every command
 * takes `Idempotency-Key` (Idempotent).
 */
export const ApiWriteResult = (createdIds: string[] = [], extra: Record<string, object> = {}) =>
  applyDecorators(ApiExtension(WRITE_RESULT, { ids: createdIds, extra }), Idempotent());

const problem = { $ref: '#/components/schemas/Problem' };

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details: every error the API returns.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:attendance-casework:problem:rule-refused' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, in words a caseworker can act on' },
    code: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For invalid input: each failing field and why',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: {
          field: { type: 'string' },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    facts: { type: 'object', additionalProperties: true },
  },
};

const writeResultSchema = ({ ids, extra }: { ids: string[]; extra: Record<string, object> }) => ({
  type: 'object',
  required: ['revision', 'position', ...ids, ...Object.keys(extra)],
  properties: {
    ...Object.fromEntries(ids.map((id) => [id, { type: 'string' }])),
    ...extra,
    revision: {
      type: 'string',
      nullable: true,
      description: "The stream's revision after the write (also the ETag)",
    },
    position: {
      type: 'string',
      nullable: true,
      description: 'The global position of the write, for read-your-writes (`?position=`)',
    },
  },
});

const ERRORS: Record<string, string> = {
  '400': 'Invalid input: the fields and why',
  '401': 'No valid bearer token',
  '403': 'Your role or scope may not do this',
  '404': 'Not found',
  '409': 'Refused by a rule, or a conflicting change',
  '412': 'If-Match names a revision that is no longer current',
  '415': 'Unsupported content type',
  '422': 'Refused by a rule of the graduated response',
  '429': 'Too many requests (rate limit)',
  '503': 'Not available yet (read models behind, or busy)',
};

/** Adds the Problem schema, every operation's error responses and write results. */
export function completeOpenApiContract(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      const written = extensions[WRITE_RESULT] as
        Parameters<typeof writeResultSchema>[0] | undefined;
      delete extensions[WRITE_RESULT];
      if (written) {
        const status = Object.keys(operation.responses).find((s) => s.startsWith('2')) ?? '200';
        operation.responses[status] = {
          description: 'Written',
          content: { 'application/json': { schema: writeResultSchema(written) } },
        };
      }
      const read = operation.operationId ? READ_RESPONSES[operation.operationId] : undefined;
      if (read) {
        const status =
          read.status ?? Object.keys(operation.responses).find((s) => s.startsWith('2')) ?? '200';
        const existing = operation.responses[status] as { description?: string } | undefined;
        operation.responses[status] = {
          description: existing?.description || 'OK',
          content: read.content as never,
        };
      }
      const isPublic = path.startsWith('/health');
      const codes = [
        '400',
        ...(isPublic ? [] : ['401', '403']),
        ...(path.includes('{') ? ['404'] : []),
        ...(method === 'get' ? ['503'] : ['409', '412', '415', '422']),
        '429',
      ];
      for (const code of codes)
        operation.responses[code] ??= {
          description: ERRORS[code],
          content: { 'application/problem+json': { schema: problem } },
        };
    }
  }
  return document;
}
