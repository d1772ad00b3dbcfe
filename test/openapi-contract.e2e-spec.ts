/**
 * The OpenAPI document as a client generator reads it: a stable operationId on every operation,
 * a problem+json schema on every error, and response bodies typed well enough that TypeScript
 * types generated from `/api/docs-json` (openapi-typescript) check a client's calls.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import * as ts from 'typescript';
import { startTestApp, TestApp } from './support/test-app';

type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

/** A client written against the generated types, as an LA's integration would write one. */
const CLIENT = `
import type { paths } from './api';

type RegisterPupil = paths['/pupils']['post'];
type Body = RegisterPupil['requestBody']['content']['application/json'];
type Registered = RegisterPupil['responses']['201']['content']['application/json'];
type Problem = RegisterPupil['responses']['422']['content']['application/problem+json'];
type Report = paths['/imports/{importId}']['get']['responses']['200']['content']['application/json'];

export const body: Body = {
  reference: 'P-1',
  dateOfBirth: '2012-05-10',
  schoolId: 'school-a',
  schoolType: 'academy',
  yearGroup: 8,
};

export async function registerPupil(base: string, token: string): Promise<string> {
  const res = await fetch(base + '/pupils', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(((await res.json()) as Problem).detail);
  const written = (await res.json()) as Registered;
  return written.pupilId + ' at ' + (written.position ?? 'no position');
}

export const finished = (report: Report): boolean =>
  report.status === 'completed' || report.status === 'failed';
`;

function typeErrors(dir: string): string[] {
  const program = ts.createProgram([path.join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the OpenAPI document', () => {
  // Generating and type-checking (lib.dom included, for fetch) takes a while on a busy machine.
  jest.setTimeout(180_000);
  let t: TestApp;
  let document: Document;
  const operations = () =>
    Object.entries(document.paths).flatMap(([route, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route, method, operation })),
    );
  beforeAll(async () => {
    t = await startTestApp();
    document = (await request(t.http).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('names every operation with a stable, unique operationId, <area>_<handler>', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]*_[a-z][A-Za-z]*$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/pupils'].post.operationId).toBe('pupils_register');
    expect(document.paths['/pupils/{pupilId}'].get.operationId).toBe('pupils_get');
  });

  it('generates TypeScript types (openapi-typescript) that type-check a client’s calls', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-openapi-'));
    try {
      // Its command line, as a client's build runs it (the package is ESM-only underneath).
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
      execFileSync(
        process.execPath,
        [
          path.join(__dirname, '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
          path.join(dir, 'openapi.json'),
          '--output',
          path.join(dir, 'api.ts'),
        ],
        { stdio: 'pipe' },
      );
      fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
      expect(typeErrors(dir)).toEqual([]);
      // The same client with a misspelt field and a wrong type is refused: the types do check.
      fs.writeFileSync(
        path.join(dir, 'client.ts'),
        CLIENT.replace('written.pupilId', 'written.pupilID').replace(
          'yearGroup: 8',
          "yearGroup: 'eight'",
        ),
      );
      const errors = typeErrors(dir).join('\n');
      expect(errors).toMatch(/Property 'pupilID' does not exist/);
      expect(errors).toMatch(/Type 'string' is not assignable to type 'number'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every operation a response body schema for success and problem+json for errors', () => {
    const missing = operations().flatMap(({ route, method, operation }) => {
      const success = Object.entries(operation.responses).filter(([s]) => s.startsWith('2'));
      const typed = success.some(([, r]) =>
        Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
      );
      const problems = ['400', '429'].every(
        (code) => operation.responses[code]?.content?.['application/problem+json']?.schema,
      );
      return typed && problems ? [] : [`${method.toUpperCase()} ${route}`];
    });
    expect(missing).toEqual([]);
  });
});
