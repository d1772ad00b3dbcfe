/**
 * More than a thousand malformed requests: wrong types, missing fields, unknown fields, oversized
 * strings, impossible dates, unknown codes, malformed ids and bodies that are not objects. Every
 * one must get a 4xx problem+json naming what is wrong, and the event store must not change.
 */
import fc from 'fast-check';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

type Kind = 'text' | 'date' | 'id' | 'int' | 'bool' | 'array' | 'enum' | 'object';
interface Spec {
  path: string;
  body: Record<string, unknown>;
  fields: Record<string, Kind>;
  optional?: string[];
}

const specs = (pupilId: string, familyId: string): Spec[] => [
  {
    path: '/pupils',
    body: {
      reference: 'P',
      dateOfBirth: '2012-05-10',
      schoolId: 'school-a',
      schoolType: 'academy',
      yearGroup: 8,
    },
    fields: {
      reference: 'text',
      dateOfBirth: 'date',
      schoolId: 'id',
      schoolType: 'enum',
      yearGroup: 'int',
    },
  },
  {
    path: `/pupils/${pupilId}/marks`,
    body: {
      schoolId: 'school-a',
      from: '2025-03-03',
      to: '2025-03-07',
      marks: [{ date: '2025-03-03', session: 'AM', code: '/' }],
    },
    fields: { schoolId: 'id', from: 'date', to: 'date', marks: 'array' },
  },
  {
    path: `/pupils/${pupilId}/conversations`,
    body: {
      heldOn: '2025-01-20',
      withWhom: ['pupil'],
      barriers: ['anxiety'],
      agreedNextSteps: ['x'],
    },
    fields: { heldOn: 'date', withWhom: 'array', barriers: 'array', agreedNextSteps: 'array' },
  },
  {
    path: `/pupils/${pupilId}/support-actions`,
    body: { kind: 'camhs', description: 'CAMHS', startedOn: '2025-01-27' },
    fields: { kind: 'enum', description: 'text', startedOn: 'date' },
  },
  {
    path: `/pupils/${pupilId}/concerns`,
    body: { summary: 'Falling attendance' },
    fields: { summary: 'text' },
  },
  {
    path: `/pupils/${pupilId}/penalty-notices`,
    body: {
      parentId: 'parent-1',
      issuedOn: '2025-05-01',
      offencePeriod: { from: '2025-01-06', to: '2025-03-14' },
      issuedBy: 'headteacher',
    },
    fields: { parentId: 'id', issuedOn: 'date', offencePeriod: 'object', issuedBy: 'enum' },
  },
  {
    path: `/pupils/${pupilId}/penalty-notices/pn-1/payments`,
    body: { paidOn: '2025-05-20', amount: 80 },
    fields: { paidOn: 'date', amount: 'int' },
  },
  {
    path: `/pupils/${pupilId}/attendance-contracts`,
    body: {
      parentIds: ['p'],
      parentCommitments: ['x'],
      supportCommitments: ['y'],
      startsOn: '2025-03-03',
      endsOn: '2025-05-30',
    },
    fields: {
      parentIds: 'array',
      parentCommitments: 'array',
      supportCommitments: 'array',
      startsOn: 'date',
      endsOn: 'date',
    },
  },
  {
    path: `/pupils/${pupilId}/step-downs`,
    body: { toStage: 'monitor', reason: 'Better' },
    fields: { toStage: 'enum', reason: 'text' },
  },
  {
    path: `/families/${familyId}/parents`,
    body: {
      reference: 'M',
      relationship: 'mother',
      hasParentalResponsibility: true,
      hasDayToDayCare: true,
    },
    fields: {
      reference: 'text',
      relationship: 'text',
      hasParentalResponsibility: 'bool',
      hasDayToDayCare: 'bool',
    },
  },
];

const wrongTypeFor: Record<Kind, unknown[]> = {
  text: [42, true, ['x'], { a: 1 }, null],
  date: [20250303, '03/03/2025', '2025-02-30', '2025-13-01', 'yesterday', '', null],
  id: [42, 'has spaces', 'x'.repeat(65), '../etc', null],
  int: ['8', 8.5, -1000000, 'eight', null, [8]],
  bool: ['true', 1, null, 'yes'],
  array: ['x', 42, { a: 1 }, null, [42], Array.from({ length: 500 }, () => 'x'.repeat(3000))],
  enum: ['not-an-option', 42, null, ''],
  object: ['x', 42, [], null, { from: 'nope', to: '2025-01-01' }],
};

describe('malformed requests', () => {
  let t: TestApp;
  let token: string;
  let all: Spec[];
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('attendance-officer', 'officer-1');
    const pupilId = (
      await request(t.http).post('/pupils').set('Authorization', `Bearer ${token}`).send({
        reference: 'P',
        dateOfBirth: '2012-05-10',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 8,
      })
    ).body.pupilId;
    const familyId = (
      await request(t.http)
        .post('/families')
        .set('Authorization', `Bearer ${token}`)
        .send({ reference: 'F' })
    ).body.familyId;
    all = specs(pupilId, familyId);
  });
  afterAll(() => t.close());

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('wrong-type' as const), pick: fc.nat(), value: fc.nat() }),
    fc.record({ kind: fc.constant('missing' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('unknown-field' as const),
      name: fc.constantFrom('isAdmin', 'role', '__proto__x', 'extra', 'actor'),
    }),
    fc.record({ kind: fc.constant('oversized' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('bad-code' as const),
      code: fc.constantFrom('A', 'n', '//', 'Y8', '', 'NN'),
    }),
    fc.record({
      kind: fc.constant('bad-path-id' as const),
      id: fc.constantFrom('not-a-uuid', '123', 'x'.repeat(80)),
    }),
    fc.record({
      kind: fc.constant('not-an-object' as const),
      body: fc.constantFrom<unknown>([], [1, 2], 'text', 42),
    }),
  );

  it('answers every one with a 4xx problem, naming the fields, and writes nothing', async () => {
    const before = (await t.allEvents()).length;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (which, m) => {
        const spec = all[which % all.length];
        const fieldNames = Object.keys(spec.fields);
        let path = spec.path;
        let body: unknown = structuredClone(spec.body);
        const b = body as Record<string, unknown>;
        switch (m.kind) {
          case 'wrong-type': {
            const field = fieldNames[m.pick % fieldNames.length];
            const options = wrongTypeFor[spec.fields[field]];
            b[field] = options[m.value % options.length];
            break;
          }
          case 'missing':
            delete b[fieldNames[m.pick % fieldNames.length]];
            break;
          case 'unknown-field':
            b[m.name] = 'surprise';
            break;
          case 'oversized': {
            const texts = fieldNames.filter((f) => ['text', 'id'].includes(spec.fields[f]));
            b[texts.length ? texts[m.pick % texts.length] : fieldNames[0]] = 'x'.repeat(10_000);
            break;
          }
          case 'bad-code':
            path = all[1].path;
            body = { ...all[1].body, marks: [{ date: '2025-03-03', session: 'AM', code: m.code }] };
            break;
          case 'bad-path-id':
            path = path.replace(/[0-9a-f-]{36}/, m.id);
            if (path === spec.path) b.unexpected = true;
            break;
          case 'not-an-object':
            body = m.body;
            break;
        }
        const response = await request(t.http)
          .post(path)
          .set('Authorization', `Bearer ${token}`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        sent += 1;
        expect({ path, status: response.status >= 400 && response.status < 500 }).toEqual({
          path,
          status: true,
        });
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(typeof response.body.detail).toBe('string');
        if (response.status === 400 && m.kind !== 'not-an-object' && m.kind !== 'bad-path-id')
          expect(Array.isArray(response.body.errors)).toBe(true);
      }),
      { numRuns: 1100, seed: 20261122 },
    );
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect((await t.allEvents()).length).toBe(before);
  }, 60_000); // 1,100 requests: generous, so a busy machine does not fail it
});
