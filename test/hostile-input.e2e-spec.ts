/**
 * Input an attacker or a broken client sends that the field-by-field validation never sees: bodies
 * nested thousands deep, bytes that are not UTF-8, form encodings, numbers too large for the store,
 * and register files the CSV parser cannot read. Each gets a clear 4xx (or, for a register, an
 * import that ends `failed` naming the line) and writes nothing.
 */
import request from 'supertest';
import { finishedImport } from './support/imports';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('hostile input', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  let pupilId: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
    ({ pupilId } = await registerPupil(t.http, officer, 'P1'));
  });
  afterAll(() => t.close());

  const post = (path: string, token = officer) =>
    request(t.http).post(path).set('Authorization', `Bearer ${token}`);

  /** Bytes sent as they are (superagent would JSON-encode a Buffer). */
  const raw = (body: unknown) => body as string;

  /** Sends a request and checks it was refused with `status`, a readable detail and no event written. */
  async function refusedWithoutEffect(send: () => request.Test, status: number) {
    const before = (await t.allEvents()).length;
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toEqual(expect.any(String));
    expect((await t.allEvents()).length).toBe(before);
    return response;
  }

  it('refuses a JSON body nested 4,000 deep with a 400, not a stack overflow', async () => {
    const deep = '{"summary":"x","extra":' + '['.repeat(4000) + ']'.repeat(4000) + '}';
    const response = await refusedWithoutEffect(
      () => post(`/pupils/${pupilId}/concerns`).set('Content-Type', 'application/json').send(deep),
      400,
    );
    expect(response.body.detail).toMatch(/nested/i);
  });

  it('still accepts a body nested as deeply as a real command is', async () => {
    await post(`/pupils/${pupilId}/marks`)
      .send({
        schoolId: 'school-a',
        from: '2025-03-03',
        to: '2025-03-07',
        marks: [{ date: '2025-03-03', session: 'AM', code: '/' }],
      })
      .expect(200);
  });

  it('refuses a JSON body that is not valid UTF-8 with a 400 instead of storing U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from('{"summary":"Falling attendance '),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const response = await refusedWithoutEffect(
      () =>
        post(`/pupils/${pupilId}/concerns`)
          .set('Content-Type', 'application/json')
          .serialize(raw)
          .send(body),
      400,
    );
    expect(response.body.detail).toMatch(/UTF-8/);
  });

  it('accepts UTF-8 beyond ASCII', async () => {
    await post(`/pupils/${pupilId}/concerns`)
      .set('Content-Type', 'application/json; charset=utf-8')
      .serialize(raw)
      .send(Buffer.from(JSON.stringify({ summary: 'Zoë’s attendance — falling' })))
      .expect(201);
  });

  it('refuses a form-encoded body on a JSON endpoint with a 415', async () => {
    await refusedWithoutEffect(
      () =>
        post(`/pupils/${pupilId}/concerns`)
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send('summary=Falling+attendance'),
      415,
    );
  });

  it('refuses a multipart body on a JSON endpoint with a 415', async () => {
    await refusedWithoutEffect(
      () => post(`/pupils/${pupilId}/concerns`).field('summary', 'Falling attendance'),
      415,
    );
  });

  it('refuses a text body on a JSON endpoint with a 415', async () => {
    await refusedWithoutEffect(
      () =>
        post(`/pupils/${pupilId}/concerns`)
          .set('Content-Type', 'text/plain')
          .send('{"summary":"Falling attendance"}'),
      415,
    );
  });

  it('refuses an access-log cursor beyond any position with a 400', async () => {
    const response = await request(t.http)
      .get('/audit/access-log?cursor=9999999999999999999')
      .set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/cursor/);
  });

  it('refuses a read-your-writes position no command has returned with a 400, at once', async () => {
    for (const position of ['99999999999999999999', '9223372036854775807']) {
      const started = Date.now();
      const response = await request(t.http)
        .get(`/caseloads?position=${position}`)
        .set('Authorization', `Bearer ${officer}`);
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/position/);
      // Not the 5 s read-your-writes wait: refused before waiting (a bound, not a benchmark).
      expect(Date.now() - started).toBeLessThan(4000);
    }
  });

  describe('a register file the CSV parser cannot read', () => {
    const upload = (csv: string | Buffer) =>
      post('/imports/registers').set('Content-Type', 'text/csv').send(csv).expect(202);

    it('ends the import failed, naming the line and the reason, and a corrected file is a new import', async () => {
      const broken =
        'upn,school,date,am,pm\nA123456789012,school-a,2025-03-03,/,\\\nA1234567890"12,school-a,2025-03-04,/,\\\n';
      const first = await upload(broken);
      const report = await finishedImport(t.http, officer, first.body.importId);
      expect(report.status).toBe('failed');
      expect(report.failure).toMatch(/line 3/);
      expect(report.failure).toMatch(/quote/i);

      const fixed = broken.replace('A1234567890"12', 'A123456789012');
      const second = await upload(fixed);
      expect(second.body.importId).not.toBe(first.body.importId);
      expect(second.body.created).toBe(true);
    });

    it('ends the import failed for binary garbage', async () => {
      const garbage = Buffer.from(
        Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256).map((b) =>
          b === 0x0a ? 0x22 : b,
        ),
      );
      const first = await upload(Buffer.concat([Buffer.from('upn,date,am,pm\n'), garbage]));
      const report = await finishedImport(t.http, officer, first.body.importId);
      expect(report.status).toBe('failed');
      expect(report.failure).toMatch(/line \d+/);
    });
  });
});
