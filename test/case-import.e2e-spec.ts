/**
 * Bringing a year-old case across (POST /imports/cases): a family and a pupil whose journey ran
 * from September 2024 to July 2025 in the LA's earlier system, imported in October 2025 as the
 * same commands back-dated, then asked what had happened and what was known at several dates.
 * Sent twice, it is recorded once; a malformed document records nothing.
 */
import request from 'supertest';
import { pupilAsOf } from './support/audit';
import { addDays, mondays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const PURPOSE = 'Checking the case brought across from the previous system';

/** Recorded in the earlier system at 4 pm on the day given. */
const at4pm = (date: string) => `${date}T16:00:00.000Z`;

/** Ten autumn weeks from 2 September 2024 with two unauthorised sessions each from 30 September. */
const autumn = mondays('2024-09-02', 10);

function yearOldCase(caseReference = 'LEGACY-0042') {
  const pupil = (command: object, recordedOn: string) => ({
    pupil: 'sam',
    command,
    recordedAt: at4pm(recordedOn),
  });
  return {
    caseReference,
    steps: [
      {
        family: 'smith',
        command: { type: 'RegisterFamily', reference: 'F-LEGACY-7', registeredOn: '2024-09-02' },
        recordedAt: at4pm('2024-09-02'),
      },
      {
        family: 'smith',
        command: {
          type: 'AddParent',
          parentId: 'mum',
          reference: 'M',
          relationship: 'mother',
          hasParentalResponsibility: true,
          hasDayToDayCare: true,
          addedOn: '2024-09-02',
        },
        recordedAt: at4pm('2024-09-02'),
      },
      pupil(
        {
          type: 'RegisterPupil',
          reference: 'P-LEGACY-42',
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 7,
          registeredOn: '2024-09-02',
        },
        '2024-09-02',
      ),
      pupil({ type: 'LinkToFamily', familyId: 'smith', linkedOn: '2024-09-02' }, '2024-09-02'),
      ...autumn.map((monday) =>
        pupil(
          {
            type: 'RecordMarks',
            ...weekOfMarks(monday, { unauthorised: monday >= '2024-09-30' ? 2 : 0 }),
          },
          addDays(monday, 4),
        ),
      ),
      pupil(
        {
          type: 'RaiseConcern',
          concernId: 'concern-1',
          summary: 'Absent every Monday since the end of September',
          raisedOn: '2024-10-14',
        },
        '2024-10-14',
      ),
      // Held on 4 November, written up in the earlier system only on 2 December.
      pupil(
        {
          type: 'RecordConversation',
          conversationId: 'talk-1',
          heldOn: '2024-11-04',
          withWhom: ['pupil', 'mother'],
          barriers: [],
          agreedNextSteps: ['Morning check-in with the pastoral lead'],
        },
        '2024-12-02',
      ),
      pupil(
        {
          type: 'RecordSupportAction',
          supportId: 'support-1',
          kind: 'in-school',
          description: 'Morning check-in with the pastoral lead',
          startedOn: '2024-11-11',
        },
        '2024-11-11',
      ),
      pupil(
        {
          type: 'AgreeAttendanceContract',
          contractId: 'contract-1',
          parentIds: ['mum'],
          parentCommitments: ['Sam is at the gate by 8:40'],
          supportCommitments: ['Morning check-in'],
          startsOn: '2025-01-06',
          endsOn: '2025-03-28',
        },
        '2025-01-06',
      ),
      pupil(
        {
          type: 'EndAttendanceContract',
          contractId: 'contract-1',
          endedOn: '2025-03-28',
          reason: 'completed',
        },
        '2025-03-28',
      ),
      pupil(
        {
          type: 'CloseCase',
          reason: 'improved',
          explanation: 'Kept up all spring',
          closedOn: '2025-07-18',
        },
        '2025-07-18',
      ),
    ],
  };
}

describe('bringing a year-old case across with its dated history', () => {
  let t: TestApp;
  const now = new Date('2025-10-06T10:00:00.000Z');
  let officer: string;
  let auditor: string;
  let worker: string;

  beforeAll(async () => {
    // Projections and process managers off: the question is what the streams say as of each date.
    t = await startTestApp({ RUN_PROJECTIONS: 'false' }, { clock: () => now });
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
  });
  afterAll(() => t.close());

  const send = (body: object, token = officer) =>
    request(t.http).post('/imports/cases').set('Authorization', `Bearer ${token}`).send(body);

  it('rebuilds the case, and answers what had happened and what was known at several dates', async () => {
    const document = yearOldCase();
    const first = await send(document).expect(200);
    expect(first.body).toMatchObject({
      caseReference: 'LEGACY-0042',
      steps: document.steps.length,
      recorded: document.steps.length,
      alreadyRecorded: 0,
    });
    const pupilId: string = first.body.ids.pupil.sam;
    const familyId: string = first.body.ids.family.smith;

    const asOf = (at: string) => pupilAsOf(t.http, auditor, pupilId, at, PURPOSE);

    // Before the pupil came onto the LA's records: nothing, either way.
    const august = await asOf('2024-08-31');
    expect(august.happenedBy.summary).toBeNull();
    expect(august.knownBy.summary).toBeNull();

    // End of September: registered and linked, four weeks of registers, no concern yet.
    const september = await asOf('2024-09-30');
    for (const view of [september.happenedBy, september.knownBy]) {
      expect(view.summary).toMatchObject({ reference: 'P-LEGACY-42', familyId, stage: 'expect' });
      expect(view.summary.concerns).toEqual([]);
    }
    // Four weeks and the morning and afternoon of Monday 30 September.
    expect(september.happenedBy.summary.attendance.overall.possible).toBe(42);

    // End of November: the conversation of 4 November had happened, but was not yet written up.
    const november = await asOf('2024-11-30');
    expect(november.happenedBy.summary.lastContactOn).toBe('2024-11-04');
    expect(november.knownBy.summary.lastContactOn).toBeNull();
    expect(november.happenedBy.summary.concerns).toEqual([
      expect.objectContaining({ concernId: expect.any(String), raisedOn: '2024-10-14' }),
    ]);
    expect(november.happenedBy.eventsCounted).toBe(november.knownBy.eventsCounted + 1);

    // February: the contract is in force, as known and as happened.
    const february = await asOf('2025-02-14');
    expect(february.knownBy.summary.openItems.activeContracts).toEqual([
      expect.objectContaining({ endsOn: '2025-03-28' }),
    ]);
    expect(february.knownBy.summary.status).toBe('open');

    // After the summer: closed in July.
    const august2025 = await asOf('2025-08-31');
    expect(august2025.happenedBy.summary.status).toBe('closed');
    expect(august2025.knownBy.summary.status).toBe('closed');

    // The family's history dates each fact the day it happened and says when it was recorded here.
    const history = await request(t.http)
      .get(`/families/${familyId}/history`)
      .query({ purpose: PURPOSE })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    const conversation = history.body.entries.find(
      (e: { kind: string }) => e.kind === 'ConversationRecorded',
    );
    expect(conversation).toMatchObject({
      happenedOn: '2024-11-04',
      firstRecordedAt: '2024-12-02T16:00:00.000Z',
      recordedAt: now.toISOString(),
    });
    const parent = history.body.entries.find((e: { kind: string }) => e.kind === 'ParentAdded');
    expect(parent).toMatchObject({ happenedOn: '2024-09-02' });
  });

  it('records nothing more when the same document is sent again', async () => {
    const document = yearOldCase('LEGACY-0043');
    await send(document).expect(200);
    const before = (await t.allEvents()).length;
    const again = await send(document).expect(200);
    expect(again.body).toMatchObject({ recorded: 0, alreadyRecorded: document.steps.length });
    expect((await t.allEvents()).length).toBe(before);
  });

  it('records nothing from a document with a malformed step, and says which step', async () => {
    const document = yearOldCase('LEGACY-0044');
    const closure = document.steps[document.steps.length - 1].command as { closedOn: string };
    closure.closedOn = '2025-02-30';
    const before = (await t.allEvents()).length;
    const response = await send(document).expect(400);
    expect(response.body.detail).toBe(
      `Step ${document.steps.length} (CloseCase): closedOn must be a real date in the form YYYY-MM-DD.`,
    );
    expect((await t.allEvents()).length).toBe(before);
  });

  it('stops at a step the rules refuse, and carries on from it once corrected', async () => {
    const document = yearOldCase('LEGACY-0045');
    const closure = document.steps[document.steps.length - 1].command as { closedOn: string };
    closure.closedOn = '2025-10-07'; // tomorrow
    const refused = await send(document).expect(422);
    expect(refused.body.detail).toMatch(
      new RegExp(
        `^Step ${document.steps.length} \\(CloseCase\\) was refused: closedOn \\(2025-10-07\\) cannot be in the future`,
      ),
    );
    closure.closedOn = '2025-07-18';
    const resumed = await send(document).expect(200);
    expect(resumed.body).toMatchObject({ recorded: 1, alreadyRecorded: document.steps.length - 1 });
  });

  it('is for the LA attendance team, not a link worker', async () => {
    await send(yearOldCase('LEGACY-0046'), worker).expect(403);
  });
});
