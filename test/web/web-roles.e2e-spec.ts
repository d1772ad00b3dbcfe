/**
 * The people around the child sign in to the web pages as the seeded development users (over plain
 * HTTP, following the OpenID Connect redirects with a cookie jar: no browser needed) and see the
 * caseload their role's scope allows: school staff their school's pupils, a social worker the
 * children allocated to them, a virtual school head looked-after children.
 */
import request from 'supertest';
import { pupilBody } from '../support/pupils';
import { startWebServer, WebServer } from './web-server';

/** Follows redirects by hand, keeping every cookie set on the way (by name). */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let next = new URL(url, this.origin).toString();
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form
      ? new URLSearchParams(init.form).toString()
      : undefined;
    for (let hops = 0; hops < 20; hops += 1) {
      const res = await fetch(next, {
        method,
        redirect: 'manual',
        body,
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair.indexOf('=');
        this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location)
        return { status: res.status, url: next, text: await res.text() };
      next = new URL(location, next).toString();
      method = 'GET';
      body = undefined;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Signs in through the development provider as one of its seeded users. */
  async signInAs(sub: string) {
    const form = await this.go('/sign-in');
    expect(new URL(form.url).pathname).toMatch(/^\/dev-oidc\/interaction\//);
    return this.go(form.url, { method: 'POST', form: { user: sub } });
  }
}

describe('the web pages for the people around the child', () => {
  let server: WebServer;
  let atSchool1: string;
  let elsewhere: string;

  beforeAll(async () => {
    server = await startWebServer();
    const officer = await server.token('attendance-officer', 'officer-1');
    const api = (method: 'post' | 'put', path: string, body: object) =>
      request(server.url)[method](path).set('Authorization', `Bearer ${officer}`).send(body);
    atSchool1 = (await api('post', '/pupils', pupilBody('WEB-ROLES-1', 'school-1')).expect(201))
      .body.pupilId;
    elsewhere = (await api('post', '/pupils', pupilBody('WEB-ROLES-2', 'school-9')).expect(201))
      .body.pupilId;
    await api('put', `/pupils/${atSchool1}/social-worker`, {
      socialWorkerId: 'social-worker-1',
    }).expect(200);
    const flagged = await api('post', `/pupils/${elsewhere}/flags`, {
      flags: { lookedAfter: true },
    }).expect(200);
    // Let the caseload include the last write before anyone signs in.
    await request(server.url)
      .get('/caseloads')
      .query({ position: flagged.body.position })
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
  }, 90_000);
  afterAll(() => server?.stop());

  it.each([
    ['school-staff-1', 'Robin Hughes', 'Pupils at school-1', 'WEB-ROLES-1', 'WEB-ROLES-2'],
    [
      'social-worker-1',
      'Dana Clarke',
      'Children allocated to you as their social worker',
      'WEB-ROLES-1',
      'WEB-ROLES-2',
    ],
    ['vsh-1', 'Lee Foster', 'Looked-after children', 'WEB-ROLES-2', 'WEB-ROLES-1'],
  ])(
    '%s signs in and sees only the caseload their role allows',
    async (sub, name, scope, seen, unseen) => {
      const page = await new Browser(server.url).signInAs(sub);
      expect({ status: page.status, path: new URL(page.url).pathname }).toEqual({
        status: 200,
        path: '/my-caseload',
      });
      expect(page.text).toContain(name);
      expect(page.text).toContain(scope);
      expect(page.text).toContain(seen);
      expect(page.text).not.toContain(unseen);
    },
  );
});
