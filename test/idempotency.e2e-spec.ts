/**
 * `Idempotency-Key` binds a key to the whole request it first came with: method, path, query and
 * the body's bytes, CSV files included. The same request again replays the first response; a
 * different request under a used key is refused (422) and does nothing.
 */
import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { IdempotencyInterceptor } from '../apps/api/src/common/idempotency.interceptor';
import { WebModule } from '../apps/api/src/web/web.module';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
  });
  afterAll(() => t.close());

  const register = (key: string, csv: string, query = '') =>
    request(t.http)
      .post(`/imports/registers${query}`)
      .set('Authorization', `Bearer ${officer}`)
      .set('Idempotency-Key', key)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const header = 'upn,date,am,pm\n';
  const monday = `${header}A123456789012,2025-03-03,/,\\\n`;
  const tuesday = `${header}A123456789012,2025-03-04,/,\\\n`;

  it('replays the first response when the same file is sent again under its key', async () => {
    const first = await register('key-register-0001', monday).expect(202);
    const again = await register('key-register-0001', monday).expect(202);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('refuses another file under a used key instead of replaying the first file’s report', async () => {
    const first = await register('key-register-0002', monday).expect(202);
    const second = await register('key-register-0002', tuesday).expect(422);
    expect(second.body.detail).toMatch(/different request/);
    // the second file was not received: sent without the key, it is a new import
    const unkeyed = await request(t.http)
      .post('/imports/registers')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'text/csv')
      .send(tuesday)
      .expect(202);
    expect(unkeyed.body.created).toBe(true);
    expect(unkeyed.body.importId).not.toBe(first.body.importId);
  });

  it('refuses the same file for another school under a used key', async () => {
    await register('key-register-0003', monday, '?school=school-a').expect(202);
    await register('key-register-0003', monday, '?school=school-b').expect(422);
  });

  it('refuses another payments file under a used key', async () => {
    const payments = (csv: string) =>
      request(t.http)
        .post('/imports/payments')
        .set('Authorization', `Bearer ${officer}`)
        .set('Idempotency-Key', 'key-payments-0001')
        .set('Content-Type', 'text/csv')
        .send(csv);
    const head = 'notice_reference,amount,date_paid\n';
    await payments(`${head}PN-1,80,2025-05-12\n`).expect(200);
    await payments(`${head}PN-2,80,2025-05-12\n`).expect(422);
  });

  it('refuses a JSON command with other bytes under a used key', async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P1');
    const concern = (summary: string) =>
      request(t.http)
        .post(`/pupils/${pupilId}/concerns`)
        .set('Authorization', `Bearer ${officer}`)
        .set('Idempotency-Key', 'key-concern-bytes-1')
        .set('Content-Type', 'application/json')
        .send(summary);
    await concern('{"summary":"Falling attendance"}').expect(201);
    // the same value in other bytes is another request: the key names one request, not a meaning
    await concern('{ "summary": "Falling attendance" }').expect(422);
  });

  it('takes a key on every write of the API, and on no read (reads skip the interceptor chain)', () => {
    const routes: { route: string; write: boolean; keyed: boolean }[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      if (module.metatype === WebModule) continue; // the pages' forms send no key
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name] as object;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
          if (method === undefined) continue;
          const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ??
            []) as unknown[];
          routes.push({
            route: `${metatype.name}.${name}`,
            write: method !== RequestMethod.GET,
            keyed: interceptors.includes(IdempotencyInterceptor),
          });
        }
      }
    }
    expect(routes.filter((r) => r.write).length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.write !== r.keyed)).toEqual([]);
  });
});
