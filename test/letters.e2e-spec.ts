/**
 * Letters over HTTP: the LA adopts its letter settings; an officer issues a penalty notice to a
 * parent whose name and address are recorded, records that it was posted, and prints it. The PDF
 * (printed by headless Chromium, Debian's `chromium`) is read back with `pdftotext` (poppler-utils)
 * and checked for every particular SI 2007/1867 reg 3 requires, with the payment dates the journey
 * shows. Without chromium or pdftotext this test FAILS: it never skips (.ci/run installs both).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ukDate } from '@app/domain';
import request from 'supertest';
import { parentBody } from './support/families';
import { recordParent } from './support/people';
import { registerPupil } from './support/pupils';
import { mondays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const SETTINGS = {
  authorityName: 'Exampleshire County Council',
  address: ['County Hall', 'Market Street', 'Exampletown', 'EX1 1AA'],
  logoText: 'Exampleshire County Council — Education Welfare Service',
  telephone: '0300 123 4567',
  email: 'attendance@exampleshire.gov.uk',
  payee: 'Exampleshire County Council',
  paymentMethods: ['Online at https://pay.exampleshire.gov.uk', 'By telephone on 0300 123 4000'],
  signatories: [
    {
      userId: 'officer-1',
      name: 'Jo Williams',
      officialParticulars: 'Attendance Officer, authorised by Exampleshire County Council',
    },
  ],
};
const PARENT = {
  givenName: 'Marigold',
  familyName: 'Thistlewood',
  address: { lines: ['4 Heron Close'], town: 'Exampletown', postcode: 'EX3 4CD' },
  email: 'marigold.thistlewood@example.org',
  phone: '01632 960001',
};
const CHILD = {
  givenName: 'Rowan',
  familyName: 'Thistlewood',
  address: { lines: ['4 Heron Close'], town: 'Exampletown', postcode: 'EX3 4CD' },
};

/** The text of a PDF, as `pdftotext -layout` reads it, with runs of spaces and line ends collapsed. */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letter-'));
  try {
    fs.writeFileSync(path.join(dir, 'letter.pdf'), pdf);
    execFileSync('pdftotext', [path.join(dir, 'letter.pdf'), path.join(dir, 'letter.txt')]);
    return fs.readFileSync(path.join(dir, 'letter.txt'), 'utf8').replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('letters to parents', () => {
  let t: TestApp;
  let officer: string;
  let admin: string;
  let pupilId: string;
  let parentId: string;
  let familyId: string;
  let noticeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    admin = await t.token('admin', 'admin-1');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (p: string) => request(t.http).get(p).set('Authorization', `Bearer ${token}`),
    post: (p: string, body: object) =>
      request(t.http).post(p).set('Authorization', `Bearer ${token}`).send(body),
    put: (p: string, body: object) =>
      request(t.http).put(p).set('Authorization', `Bearer ${token}`).send(body),
  });
  const letter = (format: string, token = officer) =>
    as(token).get(`/pupils/${pupilId}/penalty-notices/${noticeId}/letter?format=${format}`);

  beforeAll(async () => {
    await as(admin)
      .post('/admin/schools', {
        schoolId: 'school-a',
        name: 'Heronsgate Academy',
        schoolType: 'academy',
      })
      .expect(201);
    parentId = await recordParent(t.http, officer, PARENT);
    familyId = (await as(officer).post('/families', { reference: 'F-LETTER' }).expect(201)).body
      .familyId;
    await as(officer)
      .post(`/families/${familyId}/parents`, { ...parentBody('M'), personId: parentId })
      .expect(201);
    ({ pupilId } = await registerPupil(t.http, officer, 'P-LETTER'));
    await as(officer)
      .post('/people', { kind: 'pupil', pupilId, ...CHILD })
      .expect(201);
    await as(officer).post(`/families/${familyId}/pupils`, { pupilId }).expect(200);
    for (const monday of mondays('2025-06-02', 5))
      await as(officer).post(`/pupils/${pupilId}/marks`, weekOfMarks(monday, { unauthorised: 2 }));
    await as(officer)
      .post(`/pupils/${pupilId}/support-not-appropriate`, {
        reason: 'term-time-holiday',
        explanation: 'Holiday abroad in term time without leave',
      })
      .expect(200);
    noticeId = (
      await as(officer)
        .post(`/pupils/${pupilId}/penalty-notices`, {
          parentId,
          issuedOn: '2025-08-22',
          offencePeriod: { from: '2025-06-02', to: '2025-07-04' },
          issuedBy: 'authorised-la-officer',
        })
        .expect(201)
    ).body.noticeId;
  });

  it('refuses to produce a letter before the LA has adopted its letter settings (409, saying what to do)', async () => {
    const refused = await letter('html').expect(409);
    expect(refused.body.detail).toMatch(/letter settings .* PUT \/admin\/letter-settings/);
  });

  it('refuses bad letter settings with a 400 naming the field, and adopts nothing', async () => {
    const bad = await as(admin)
      .put('/admin/letter-settings', { ...SETTINGS, email: 'nope', paymentMethods: [] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'paymentMethods',
    ]);
    expect((await as(admin).get('/admin/letter-settings').expect(200)).body.settings).toBeNull();
    await as(officer).put('/admin/letter-settings', SETTINGS).expect(403);
  });

  it('adopts the settings an administrator gives', async () => {
    await as(admin).put('/admin/letter-settings', SETTINGS).expect(200);
    expect((await as(admin).get('/admin/letter-settings').expect(200)).body.settings).toEqual(
      SETTINGS,
    );
  });

  it('marks the penalty notice a draft until its service is recorded, and refuses it to a link worker', async () => {
    const html = await letter('html').expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(html.text).toContain('DRAFT — not to be served');
    const worker = await t.token('link-worker', 'worker-1', ['school-a']);
    await letter('html', worker).expect(403);
  });

  it('prints the posted notice to PDF with every reg 3 particular and the dates the journey shows', async () => {
    await as(officer)
      .post(`/pupils/${pupilId}/penalty-notices/${noticeId}/service`, {
        method: 'post',
        sentOn: '2025-08-29',
      })
      .expect(200);
    const [open] = (await as(officer).get(`/pupils/${pupilId}`).expect(200)).body.openItems
      .unpaidPenaltyNotices;
    expect(open).toMatchObject({ receivedOn: '2025-09-02', reducedRateEnds: '2025-09-22' });

    const response = await letter('pdf')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).not.toContain('DRAFT');
    // (a) the recipient's name and address
    expect(text).toContain('Marigold Thistlewood, 4 Heron Close, Exampletown, EX3 4CD');
    // (b) the child's name and address, and the school
    expect(text).toContain('Rowan Thistlewood, 4 Heron Close, Exampletown, EX3 4CD');
    expect(text).toContain('Registered pupil at Heronsgate Academy');
    // (c) the issuing officer's name and official particulars
    expect(text).toContain(
      'Jo Williams, Attendance Officer, authorised by Exampleshire County Council',
    );
    // (d) the offence period and the date of issue
    expect(text).toContain('between 2 June 2025 and 4 July 2025');
    expect(text).toContain('issued on 22 August 2025');
    // (e) the amounts, with the dates the journey shows
    expect(text).toContain(`£80 if paid within 21 days`);
    expect(text).toContain(`by ${ukDate(open.reducedRateEnds)}`);
    expect(text).toContain(`£160 if paid after that but within 28 days`);
    expect(text).toContain(`by ${ukDate(open.paymentEnds)}`);
    // (f) the LA to pay and write to, (g) how to pay
    expect(text).toContain('Pay the penalty to Exampleshire County Council');
    expect(text).toContain('County Hall, Market Street, Exampletown, EX1 1AA');
    expect(text).toContain('Online at https://pay.exampleshire.gov.uk');
    expect(text).toContain('By telephone on 0300 123 4000');
    // (h) the period for paying, from receipt
    expect(text).toContain(
      `posted on 29 August 2025 and is taken to be received on ${ukDate(open.receivedOn)}`,
    );
    // (i) payment discharges liability, (j) the consequences of not paying, (k) withdrawal grounds
    expect(text).toContain('discharges any liability');
    expect(text).toContain('must either prosecute you');
    expect(text).toContain('the notice was issued to the wrong person');
    for (const x of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])
      expect(text).toContain(`(reg 3(${x}))`);
  });

  it('records each letter read in the access log', async () => {
    const auditor = await t.token('auditor', 'auditor-1');
    const log = (
      await as(auditor).get(`/audit/access-log?pupilId=${pupilId}&kind=letter`).expect(200)
    ).body;
    const letters = log.records.filter((r: { kind: string }) => r.kind === 'letter');
    expect(letters.length).toBeGreaterThanOrEqual(2);
    expect(letters[0]).toMatchObject({
      userId: 'officer-1',
      details: { letter: 'penalty-notice', reference: noticeId },
    });
  });

  it('writes the withdrawal notice once the notice is withdrawn', async () => {
    await as(officer)
      .post(`/pupils/${pupilId}/penalty-notices/${noticeId}/withdrawal`, {
        withdrawnOn: '2025-09-05',
        ground: 'issued-to-wrong-person',
        explanation: 'The other parent has day-to-day care.',
      })
      .expect(200);
    const json = (
      await as(officer)
        .get(`/pupils/${pupilId}/penalty-notices/${noticeId}/withdrawal-letter?format=json`)
        .expect(200)
    ).body;
    expect(json.to.name).toBe('Marigold Thistlewood');
    expect(
      json.sections.flatMap((s: { paragraphs: string[] }) => s.paragraphs).join(' '),
    ).toContain('It is withdrawn because the notice was issued to the wrong person.');
  });

  const paragraphs = (letterJson: { sections: { paragraphs: string[] }[] }) =>
    letterJson.sections.flatMap((s) => s.paragraphs).join(' ');

  it('writes a notice to improve with its improvement period and the absence behind it', async () => {
    const ntiId = (
      await as(officer)
        .post(`/pupils/${pupilId}/notices-to-improve`, {
          parentId,
          issuedOn: '2025-09-08',
          improvementWeeks: 4,
          sufficientImprovement: 'No unauthorised absence during the improvement period.',
        })
        .expect(201)
    ).body.noticeId;
    const json = (
      await as(officer)
        .get(`/pupils/${pupilId}/notices-to-improve/${ntiId}/letter?format=json`)
        .expect(200)
    ).body;
    expect(json).toMatchObject({ kind: 'notice-to-improve', draft: null, reference: ntiId });
    expect(paragraphs(json)).toContain(
      'Rowan Thistlewood has had 10 sessions of unauthorised absence from Heronsgate Academy between 2 June 2025 and 30 June 2025.',
    );
    expect(paragraphs(json)).toContain('You have 4 weeks, from 8 September 2025 to');
  });

  it('writes a warning letter to a parent as of a date, and refuses one without a parent', async () => {
    const json = (
      await as(officer)
        .get(`/pupils/${pupilId}/warning-letter?format=json&parentId=${parentId}&date=2025-06-20`)
        .expect(200)
    ).body;
    expect(json.to.name).toBe('Marigold Thistlewood');
    expect(paragraphs(json)).toContain('6 sessions of unauthorised absence');
    await as(officer).get(`/pupils/${pupilId}/warning-letter?date=2025-06-20`).expect(400);
  });

  it("puts copies of the notice, the notice to improve and the withdrawal in the penalty notice's evidence pack", async () => {
    const auditor = await t.token('auditor', 'auditor-1');
    const purpose = 'Checking what the parent was served before the review';
    const pack = (
      await as(auditor)
        .get(`/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}`)
        .query({ purpose })
        .expect(200)
    ).body;
    expect(pack.letters.unavailable).toBeUndefined();
    expect(pack.letters.copies.map((l: { kind: string }) => l.kind)).toEqual([
      'notice-to-improve',
      'penalty-notice',
      'withdrawal',
    ]);
    const served = pack.letters.copies[1];
    expect(served).toMatchObject({
      reference: noticeId,
      draft: null,
      to: { name: 'Marigold Thistlewood' },
    });
    const html = await as(auditor)
      .get(`/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}`)
      .query({ purpose, format: 'html' })
      .expect(200);
    expect(html.text).toContain('Copies of the letters served');
    expect(html.text).toContain('Penalty notice: failure to secure regular school attendance');
    expect(html.text).toContain('(reg 3(k))');
  });

  it('keeps the letterhead a notice was served with when the LA later adopts new settings', async () => {
    await as(admin)
      .put('/admin/letter-settings', {
        ...SETTINGS,
        authorityName: 'Exampleshire Council (renamed)',
      })
      .expect(200);
    const served = (await letter('json').expect(200)).body;
    expect(served.from.authorityName).toBe('Exampleshire County Council');
    const warning = (
      await as(officer)
        .get(`/pupils/${pupilId}/warning-letter?format=json&parentId=${parentId}&date=2025-06-20`)
        .expect(200)
    ).body;
    expect(warning.from.authorityName).toBe('Exampleshire Council (renamed)');
  });

  it('answers 404 for a notice that does not exist and 400 for a format it does not know', async () => {
    await as(officer).get(`/pupils/${pupilId}/penalty-notices/pn-404/letter`).expect(404);
    await letter('docx').expect(400);
  });
});
