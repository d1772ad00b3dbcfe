/**
 * People over HTTP: pupils and parents or carers recorded with their names, addresses and contact
 * details, corrected, in several families, seen by the roles that may see them, and held in the
 * event store only as ciphertext.
 */
import request from 'supertest';
import { parentBody } from './support/families';
import { janeDetails, recordParent } from './support/people';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('people', () => {
  let t: TestApp;
  let officer: string;
  let auditor: string;
  let workerA: string;
  let workerB: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
    workerA = await t.token('link-worker', 'worker-a', ['school-a']);
    workerB = await t.token('link-worker', 'worker-b', ['school-b']);
  });
  afterAll(() => t.close());

  const get = (token: string, path: string) =>
    request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const post = (token: string, path: string, body: object) =>
    request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);

  it('records a parent with their details, shows them back, and stores them only encrypted', async () => {
    const before = (await t.allEvents()).length;
    const personId = await recordParent(t.http, officer);
    const person = (await get(auditor, `/people/${personId}`).expect(200)).body;
    expect(person).toMatchObject({
      personId,
      kind: 'parent-or-carer',
      status: 'held',
      ...janeDetails(),
    });
    const events = (await t.allEvents()).slice(before);
    expect(events.map((e) => e.type)).toEqual(['PersonRecorded']);
    expect(events[0].data).toMatchObject({ details: { alg: 'A256GCM', keyId: personId } });
    expect(JSON.stringify(events.map((e) => [e.data, e.metadata]))).not.toMatch(
      /Janetta|Quillfeather|Saltmarsh|WF1 2QZ|01924/,
    );
  });

  it('keeps a correction with its reason, and shows the corrected details', async () => {
    const personId = await recordParent(t.http, officer);
    await request(t.http)
      .put(`/people/${personId}/details`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        ...janeDetails(),
        address: { lines: ['2 New Road'], town: 'Leeds', postcode: 'LS6 2AB' },
        reason: 'Moved house',
      })
      .expect(200);
    const person = (await get(officer, `/people/${personId}`).expect(200)).body;
    expect(person.address).toEqual({ lines: ['2 New Road'], town: 'Leeds', postcode: 'LS6 2AB' });
    const corrected = (await t.allEvents()).find(
      (e) => e.streamId === `person-${personId}` && e.type === 'PersonDetailsCorrected',
    );
    expect(corrected?.data).toMatchObject({ reason: 'Moved house' });
  });

  it('refuses bad details with a 400 naming the field, and records nothing', async () => {
    const before = (await t.allEvents()).length;
    const response = await post(officer, '/people', {
      kind: 'parent-or-carer',
      ...janeDetails(),
      address: { lines: ['1 A Street'], town: 'Leeds', postcode: 'not a postcode' },
      email: 'nope',
    }).expect(400);
    expect(response.body.detail).toMatch(/postcode|email/);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'address.postcode',
      'email',
    ]);
    expect(await t.allEvents()).toHaveLength(before);
  });

  it("records a pupil's details under the pupil's own id", async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P-1');
    const response = await post(officer, '/people', {
      kind: 'pupil',
      pupilId,
      ...janeDetails('-child'),
    }).expect(201);
    expect(response.body.personId).toBe(pupilId);
    expect((await get(officer, `/people/${pupilId}`).expect(200)).body).toMatchObject({
      kind: 'pupil',
      givenName: 'Janetta-child',
    });
    await post(officer, '/people', { kind: 'pupil', pupilId, ...janeDetails() }).expect(409);
  });

  it('records no pupil person for a pupil who is not registered', async () => {
    await post(officer, '/people', {
      kind: 'pupil',
      pupilId: '00000000-0000-4000-8000-0000000000aa',
      ...janeDetails(),
    }).expect(404);
  });

  it('puts one parent in two families, with parental responsibility in one and care in the other', async () => {
    const personId = await recordParent(t.http, officer);
    const families: string[] = [];
    for (const reference of ['F-1', 'F-2'])
      families.push((await post(officer, '/families', { reference }).expect(201)).body.familyId);
    const first = await post(officer, `/families/${families[0]}/parents`, {
      ...parentBody('M', 'mother'),
      personId,
    }).expect(201);
    expect(first.body.parentId).toBe(personId);
    await post(officer, `/families/${families[1]}/parents`, {
      reference: 'S',
      relationship: 'step-mother',
      hasParentalResponsibility: false,
      hasDayToDayCare: true,
      personId,
    }).expect(201);
    const { position } = (
      await post(officer, `/families/${families[1]}/parents`, parentBody('X')).expect(201)
    ).body;
    await get(officer, `/caseloads?position=${position}`).expect(200);
    const person = (await get(officer, `/people/${personId}`).expect(200)).body;
    expect(person.families).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ familyId: families[0], hasParentalResponsibility: true }),
        expect.objectContaining({
          familyId: families[1],
          relationship: 'step-mother',
          hasParentalResponsibility: false,
          hasDayToDayCare: true,
        }),
      ]),
    );
  });

  it('adds no unknown person to a family as a parent (422)', async () => {
    const { familyId } = (await post(officer, '/families', { reference: 'F-3' }).expect(201)).body;
    const response = await post(officer, `/families/${familyId}/parents`, {
      ...parentBody('M'),
      personId: '00000000-0000-4000-8000-0000000000bb',
    }).expect(422);
    expect(response.body.detail).toMatch(/record them first/);
  });

  it("shows a link worker a parent in a family of their school's pupil, and no one else's", async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P-2', 'school-a');
    const { familyId } = (await post(officer, '/families', { reference: 'F-4' }).expect(201)).body;
    await post(officer, `/families/${familyId}/pupils`, { pupilId }).expect(200);
    const personId = await recordParent(t.http, officer);
    const { position } = (
      await post(officer, `/families/${familyId}/parents`, { ...parentBody('M'), personId }).expect(
        201,
      )
    ).body;
    await get(officer, `/caseloads?position=${position}`).expect(200);
    await get(workerA, `/people/${personId}`).expect(200);
    await get(workerB, `/people/${personId}`).expect(403);
  });

  it('erases a person only for an administrator, with a reason, and then shows every field as erased', async () => {
    const admin = await t.token('admin', 'admin-1');
    const personId = await recordParent(t.http, officer);
    const erasure = { basis: 'erasure-request', reason: 'The parent asked (UK GDPR art 17)' };
    await post(officer, `/people/${personId}/erasure`, erasure).expect(403);
    await post(admin, `/people/${personId}/erasure`, { basis: 'erasure-request' }).expect(400);
    await post(admin, `/people/${personId}/erasure`, erasure).expect(200);
    const person = (await get(officer, `/people/${personId}`).expect(200)).body;
    expect(person).toMatchObject({
      status: 'erased',
      givenName: '[erased]',
      familyName: '[erased]',
      address: '[erased]',
      email: '[erased]',
      erasure: { basis: 'erasure-request', reason: erasure.reason },
    });
    const erased = (await t.allEvents()).find(
      (e) => e.streamId === `person-${personId}` && e.type === 'PersonErased',
    );
    expect(erased?.metadata).toMatchObject({ actor: 'admin-1', role: 'admin' });
    await request(t.http)
      .put(`/people/${personId}/details`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ ...janeDetails(), reason: 'again' })
      .expect(409);
    // Erasing again records nothing more.
    await post(admin, `/people/${personId}/erasure`, erasure).expect(200);
    expect(
      (await t.allEvents()).filter((e) => e.streamId === `person-${personId}`).map((e) => e.type),
    ).toEqual(['PersonRecorded', 'PersonErased']);
  });
});
