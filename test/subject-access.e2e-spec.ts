/**
 * Subject access (UK GDPR art 15) over HTTP: for a mother in two families, one with a penalty
 * notice to her, the export (administrators only, with a purpose, itself recorded in the access
 * log) lists her record, both families with her standing in each, every event that mentions her
 * and every read of her families' histories and her children's cases, and nothing of a family she
 * is not in; as JSON and, by content negotiation, as a readable page; and after her erasure it
 * still lists all of it, her details shown as erased.
 */
import request from 'supertest';
import { ProcessManagersHost } from '@app/application';
import { janeDetails, postAs } from './support/people';
import { registerPupil } from './support/pupils';
import { weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const SAR_PURPOSE = 'Subject access request received 3 March (ref SAR-0192)';

describe('a subject access export', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  let admin: string;
  let mum: string;
  let families: string[];
  let pupils: string[];
  let otherFamily: string;
  let noticeId: string;
  const details = janeDetails('-sar');
  const name = `${details.givenName} ${details.familyName}`;

  const get = (token: string, url: string) =>
    request(t.http).get(url).set('Authorization', `Bearer ${token}`);
  const post = (token: string, url: string, body: object, status = 200) =>
    postAs(t.http, token, url, body, status);
  const q = (purpose: string) => `purpose=${encodeURIComponent(purpose)}`;
  const sarUrl = () => `/people/${mum}/subject-access?${q(SAR_PURPOSE)}`;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
    admin = await t.token('admin', 'admin-1');
    mum = (await post(officer, '/people', { kind: 'parent-or-carer', ...details }, 201)).personId;
    families = [];
    pupils = [];
    for (const [i, relationship] of ['mother', 'step-mother'].entries()) {
      const { familyId } = await post(officer, '/families', { reference: `F-${i + 1}` }, 201);
      await post(
        officer,
        `/families/${familyId}/parents`,
        {
          reference: `M-${i + 1}`,
          relationship,
          hasParentalResponsibility: i === 0,
          hasDayToDayCare: true,
          personId: mum,
        },
        201,
      );
      const { pupilId } = await registerPupil(t.http, officer, `P-${i + 1}`);
      await post(officer, `/families/${familyId}/pupils`, { pupilId });
      families.push(familyId);
      pupils.push(pupilId);
    }
    otherFamily = (await post(officer, '/families', { reference: 'F-OTHER' }, 201)).familyId;
    const holiday = { from: '2025-09-15', to: '2025-09-19' };
    await post(
      officer,
      `/pupils/${pupils[0]}/marks`,
      weekOfMarks(holiday.from, { code: () => 'G' }),
    );
    await post(officer, `/pupils/${pupils[0]}/support-not-appropriate`, {
      reason: 'term-time-holiday',
      explanation: 'A week abroad in term time',
      offencePeriod: holiday,
    });
    noticeId = (
      await post(
        officer,
        `/pupils/${pupils[0]}/penalty-notices`,
        { parentId: mum, issuedOn: '2025-10-01', offencePeriod: holiday, issuedBy: 'headteacher' },
        201,
      )
    ).noticeId;
    // Reads of her families' histories and her children's cases, and one of another family.
    await get(auditor, `/families/${families[0]}/history?${q('Audit of the first family')}`).expect(
      200,
    );
    await get(
      auditor,
      `/pupils/${pupils[0]}/evidence-packs/penalty-notices/${noticeId}?${q('Court bundle, first child')}`,
    ).expect(200);
    await get(
      officer,
      `/pupils/${pupils[1]}/case-file?${q('Casework on the second child')}`,
    ).expect(200);
    await get(auditor, `/families/${otherFamily}/history?${q('Audit of another family')}`).expect(
      200,
    );
    // The monitor raises its concerns about the holiday week after the marks' append has answered;
    // wait until it has handled everything, so that the counts below see only what the export does.
    const events = await t.allEvents();
    await t.app
      .get(ProcessManagersHost)
      .runner.waitForPosition(events[events.length - 1].position, 30_000);
  });
  afterAll(() => t.close());

  it('is for administrators only, wants a purpose, and records nothing when refused', async () => {
    const before = (await t.allEvents()).length;
    await get(officer, sarUrl()).expect(403);
    await get(auditor, sarUrl()).expect(403);
    const missing = await get(admin, `/people/${mum}/subject-access`).expect(400);
    expect(missing.body.detail).toMatch(/purpose/);
    await get(
      admin,
      `/people/00000000-0000-4000-8000-0000000000cc/subject-access?${q(SAR_PURPOSE)}`,
    ).expect(404);
    expect((await t.allEvents()).length).toBe(before);
  });

  it('lists her record, both families, every event that mentions her and every read of her families', async () => {
    const sar = (await get(admin, sarUrl()).expect(200)).body;
    expect(sar.person).toMatchObject({ personId: mum, status: 'held', name, email: details.email });
    expect(sar.person.details).toEqual(details);
    expect(sar.families).toEqual([
      expect.objectContaining({
        familyId: families[0],
        reference: 'F-1',
        relationship: 'mother',
        hasParentalResponsibility: true,
        children: [expect.objectContaining({ pupilId: pupils[0], reference: 'P-1' })],
      }),
      expect.objectContaining({
        familyId: families[1],
        relationship: 'step-mother',
        hasParentalResponsibility: false,
        hasDayToDayCare: true,
      }),
    ]);
    const types = sar.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['PersonRecorded', 'ParentAdded', 'ParentAdded', 'PenaltyNoticeIssued']);
    expect(sar.events[0].data.details).toEqual(details);
    expect(sar.events[3]).toMatchObject({
      streamId: `pupil-${pupils[0]}`,
      data: expect.objectContaining({ noticeId, parentId: mum }),
      recordedBy: { actor: 'officer-1', role: 'attendance-officer' },
    });
    expect(JSON.stringify(sar.events)).not.toContain(otherFamily);
    const reads = sar.reads.map((r: { kind: string; purpose: string }) => [r.kind, r.purpose]);
    expect(reads).toEqual([
      ['family-history', 'Audit of the first family'],
      ['evidence-pack', 'Court bundle, first child'],
      ['case-file', 'Casework on the second child'],
      ['subject-access', SAR_PURPOSE],
    ]);
  });

  it('is recorded in the access log with who asked and why', async () => {
    await get(admin, sarUrl()).expect(200);
    const log = (await get(auditor, '/audit/access-log?kind=subject-access').expect(200)).body;
    expect(log.records[0]).toMatchObject({
      kind: 'subject-access',
      userId: 'admin-1',
      role: 'admin',
      purpose: SAR_PURPOSE,
      details: { personId: mum },
    });
  });

  it('answers Accept: text/html with a readable page of the same', async () => {
    const page = await get(admin, sarUrl()).set('Accept', 'text/html').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers.vary).toMatch(/Accept/);
    for (const text of [
      `Everything held about ${name}`,
      details.address.lines[0],
      'step-mother',
      'PenaltyNoticeIssued',
      'Audit of the first family',
      'Casework on the second child',
    ])
      expect(page.text).toContain(text);
    expect(page.text).not.toContain('Audit of another family');
  });

  it("for a child, lists their own case's events and the reads of their family and case", async () => {
    await post(
      officer,
      '/people',
      { kind: 'pupil', pupilId: pupils[0], ...janeDetails('-child') },
      201,
    );
    const sar = (
      await get(admin, `/people/${pupils[0]}/subject-access?${q(SAR_PURPOSE)}`).expect(200)
    ).body;
    expect(sar.person).toMatchObject({ kind: 'pupil', name: expect.stringContaining('-child') });
    expect(sar.families.map((f: { familyId: string }) => f.familyId)).toEqual([families[0]]);
    const types = sar.events.map((e: { type: string }) => e.type);
    for (const type of [
      'PersonRecorded',
      'PupilRegistered',
      'AttendanceMarksRecorded',
      'PenaltyNoticeIssued',
    ])
      expect(types).toContain(type);
    expect(JSON.stringify(sar.events)).not.toContain(pupils[1]);
    expect(sar.reads.map((r: { purpose: string }) => r.purpose)).toEqual(
      expect.arrayContaining(['Audit of the first family', 'Court bundle, first child']),
    );
    expect(sar.reads.map((r: { purpose: string }) => r.purpose)).not.toContain(
      'Casework on the second child',
    );
  });

  it('after her erasure still lists every record and read, her details shown as erased', async () => {
    const before = (await get(admin, sarUrl()).expect(200)).body;
    await post(admin, `/people/${mum}/erasure`, {
      basis: 'erasure-request',
      reason: 'She asked (art 17)',
    });
    const after = (await get(admin, sarUrl()).expect(200)).body;
    expect(after.person).toMatchObject({ status: 'erased', name: '[erased]', details: '[erased]' });
    expect(after.person.erasure).toMatchObject({
      basis: 'erasure-request',
      reason: 'She asked (art 17)',
    });
    expect(after.events.map((e: { type: string }) => e.type)).toEqual([
      ...before.events.map((e: { type: string }) => e.type),
      'PersonErased',
    ]);
    expect(after.events[0].data.details).toBe('[erased]');
    expect(after.reads.length).toBe(before.reads.length + 1);
    expect(JSON.stringify(after)).not.toContain(details.familyName);
  });
});
