/**
 * For every endpoint and every role: 401 without a valid token, 403 for a role without the
 * endpoint's capability, and neither for a role that holds it (it then gets 2xx, or a 4xx about
 * the request itself). Endpoints are read from the controllers, so a new one cannot be forgotten.
 */
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import * as os from 'node:os';
import { CAPABILITIES, Capability, loadConfig, ROLES } from '@app/application';
import { AppModule } from '../apps/api/src/app.module';
import request from 'supertest';
import { CAPABILITY_KEY, PUBLIC_KEY } from '../apps/api/src/auth/auth.decorators';
import { startTestApp, TestApp } from './support/test-app';

interface Endpoint {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: string;
  capability: Capability | 'public';
}

function endpointsOf(controllers: Type[]): Endpoint[] {
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const classPublic = Reflect.getMetadata(PUBLIC_KEY, controller) === true;
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (
        name === 'constructor' ||
        typeof handler !== 'function' ||
        Reflect.getMetadata(METHOD_METADATA, handler) === undefined
      )
        return [];
      const method = RequestMethod[
        Reflect.getMetadata(METHOD_METADATA, handler) as number
      ].toLowerCase() as Endpoint['method'];
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`;
      const capability =
        classPublic || Reflect.getMetadata(PUBLIC_KEY, handler)
          ? 'public'
          : (Reflect.getMetadata(CAPABILITY_KEY, handler) as Capability);
      return [{ method, path, capability }];
    });
  });
}

// Every controller the app mounts (the web pages are WebModule's, signed in by session, not token).
const endpoints = endpointsOf(
  AppModule.forRoot(loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' })).controllers ?? [],
);

describe('the role x endpoint matrix', () => {
  let t: TestApp;
  let pupilId: string;
  let familyId: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ROLES) tokens[role] = await t.token(role, `${role}-1`, ['school-a']);
    const officer = tokens['attendance-officer'];
    pupilId = (
      await request(t.http).post('/pupils').set('Authorization', `Bearer ${officer}`).send({
        reference: 'P',
        dateOfBirth: '2012-05-10',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 8,
      })
    ).body.pupilId;
    familyId = (
      await request(t.http)
        .post('/families')
        .set('Authorization', `Bearer ${officer}`)
        .send({ reference: 'F' })
    ).body.familyId;
    await request(t.http)
      .post(`/families/${familyId}/pupils`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ pupilId })
      .expect(200);
    // The pupil is in every role's scope, so a refusal here is the capability's, not the case's:
    // at school-a (link workers, school staff), the social worker's child, and looked after.
    await request(t.http)
      .put(`/pupils/${pupilId}/social-worker`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ socialWorkerId: 'social-worker-1' })
      .expect(200);
    await request(t.http)
      .post(`/pupils/${pupilId}/flags`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ flags: { lookedAfter: true } })
      .expect(200);
  });
  afterAll(() => t.close());

  const url = (path: string) =>
    path
      .replace(':pupilId', pupilId)
      .replace(':familyId', familyId)
      .replace(':itemId', 'item-1')
      .replace(':planId', 'plan-1')
      .replace(':targetId', 'target-1')
      .replace(':taskId', 'pupil-x.contract-review.contract-1.2025-03-03')
      .replace(':parentId', '00000000-0000-4000-8000-000000000001')
      .replace(':userId', 'worker-9')
      .replace(':streamId', `pupil-${pupilId}`)
      .replace(':importId', `register-${'0'.repeat(32)}`);

  it('covers every endpoint the controllers declare, each with a capability or marked public', () => {
    expect(endpoints.length).toBeGreaterThan(40);
    for (const e of endpoints)
      expect([...Object.keys(CAPABILITIES), 'public']).toContain(e.capability);
  });

  it.each(endpoints.map((e) => [`${e.method.toUpperCase()} ${e.path}`, e] as const))(
    '%s',
    async (_, e) => {
      const call = () => request(t.http)[e.method](url(e.path));
      if (e.capability === 'public') {
        expect((await call()).status).toBe(200);
        return;
      }
      expect((await call().send({})).status).toBe(401);
      expect((await call().set('Authorization', 'Bearer not-a-token').send({})).status).toBe(401);
      for (const role of ROLES) {
        const allowed = (CAPABILITIES[e.capability] as readonly string[]).includes(role);
        const status = (await call().set('Authorization', `Bearer ${tokens[role]}`).send({}))
          .status;
        if (allowed) {
          expect({
            role,
            status: status === 401 || status === 403 || status >= 500 ? status : 'allowed',
          }).toEqual({ role, status: 'allowed' });
        } else {
          expect({ role, status }).toEqual({ role, status: 403 });
        }
      }
    },
  );
});
