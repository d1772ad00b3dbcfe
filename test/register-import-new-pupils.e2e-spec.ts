/**
 * IMPORT_REGISTER_UNKNOWN_PUPILS=true: a register row for a UPN the LA does not know registers
 * the pupil at the row's school (which must be in the directory), from the row's date of birth
 * and year group, instead of being rejected.
 */
import request from 'supertest';
import { upnFor } from './support/register-files';
import { importRegister } from './support/imports';
import { startTestApp, TestApp } from './support/test-app';

describe('register imports that register unknown pupils', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp({ IMPORT_REGISTER_UNKNOWN_PUPILS: 'true' });
    officer = await t.token('attendance-officer', 'officer-1');
    const admin = await t.token('admin', 'admin-1');
    await request(t.http)
      .post('/admin/schools')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolId: 'school-9', name: 'Oakfield Academy', schoolType: 'academy' })
      .expect(201);
  });
  afterAll(() => t.close());

  const importFile = (csv: string) => importRegister(t.http, officer, csv);
  const registrations = async (upn: string) =>
    (await t.allEvents()).filter((e) => e.type === 'PupilRegistered' && e.data.upn === upn);

  it('registers a pupil the LA does not know, with the details the row gives, and records their marks', async () => {
    const upn = upnFor(4_001);
    const done = await importFile(
      [
        'upn,school,date,am,pm,date_of_birth,year_group',
        `${upn},school-9,2025-11-03,/,\\,2013-05-01,7`,
        `${upn},school-9,2025-11-04,N,N,2013-05-01,7`,
      ].join('\n'),
    );
    expect(done.counts).toMatchObject({ pupilsRegistered: 1, marksRecorded: 4, rowsRejected: 0 });
    const [registered] = await registrations(upn);
    expect(registered.data).toMatchObject({
      schoolId: 'school-9',
      schoolType: 'academy',
      dateOfBirth: '2013-05-01',
      yearGroup: 7,
    });
  });

  it('does not register the same child twice when a later file carries their UPN again', async () => {
    const upn = upnFor(4_002);
    const row = (date: string) => `${upn},school-9,${date},/,\\,2012-01-09,8`;
    const header = 'upn,school,date,am,pm,date_of_birth,year_group';
    await importFile([header, row('2025-11-10')].join('\n'));
    const later = await importFile([header, row('2025-11-11')].join('\n'));
    expect(later.counts).toMatchObject({ pupilsRegistered: 0, marksRecorded: 2 });
    expect(await registrations(upn)).toHaveLength(1);
  });

  it('still rejects an unknown UPN when the row lacks the details to register the pupil', async () => {
    const done = await importFile(
      ['upn,school,date,am,pm', `${upnFor(4_003)},school-9,2025-11-03,/,\\`].join('\n'),
    );
    expect(done.rejects).toEqual([
      {
        line: 2,
        kind: 'unknown-pupil',
        reason: expect.stringMatching(/date_of_birth and year_group/),
      },
    ]);
  });

  it('still rejects an unknown UPN at a school that is not in the directory', async () => {
    const done = await importFile(
      [
        'upn,school,date,am,pm,date_of_birth,year_group',
        `${upnFor(4_004)},school-404,2025-11-03,/,\\,2013-05-01,7`,
      ].join('\n'),
    );
    expect(done.rejects).toEqual([
      { line: 2, kind: 'unknown-pupil', reason: expect.stringMatching(/not in the directory/) },
    ]);
  });
});
