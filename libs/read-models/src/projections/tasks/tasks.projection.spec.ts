import type { PupilEvent } from '@app/domain';
import {
  N_CODE_REF,
  nCodeDeadlineReached,
  nCodeReplaced,
  panelDecided,
  PUPIL,
  referredToPanel,
  registered,
} from '@app/domain/testing/journey-fixtures';
import { givenEvents } from '../../testing/given-events';
import { taskRows } from './documents';
import { tasksProjection } from './tasks.projection';

const given = givenEvents(tasksProjection, `pupil-${PUPIL}`);
const STREAM = `pupil-${PUPIL}`;
const by = (actor: string, event: PupilEvent) => ({ stream: STREAM, event, metadata: { actor } });

const decided = panelDecided('ref-1', '2025-03-24');
const acknowledged: PupilEvent = {
  type: 'PanelDecisionAcknowledged',
  data: { referralId: 'ref-1', acknowledgedOn: '2025-03-25', note: 'Read; contract booked' },
};
const N_REF = N_CODE_REF;
const MEETING = 'tsm-school-a-2024-25-spring';
const agreed = {
  stream: MEETING,
  event: {
    type: 'TargetingSupportActionAgreed' as const,
    data: {
      actionId: 'action-1',
      pupilId: PUPIL,
      action: 'Home visit',
      owner: 'worker-3',
      dueOn: '2025-02-14',
      agreedOn: '2025-02-03',
    },
  },
};
const agreedDone = {
  stream: MEETING,
  event: {
    type: 'TargetingSupportActionCompleted' as const,
    data: { actionId: 'action-1', completedOn: '2025-02-10', outcome: 'Visited' },
  },
};

const listed = async (rm: Awaited<ReturnType<typeof given>>, facet = 'all') =>
  (
    await rm.store.query(taskRows, {
      index: { field: 'facets', value: facet },
      sort: { field: 'dueOn' },
    })
  ).items.map((t) => `${t.dueOn} ${t.kind} ${t.ref} -> ${t.assignee ?? 'unassigned'}`);

describe('the tasks projection', () => {
  it("puts a panel decision on the referrer's work list, with a link's worth of case and no names", async () => {
    const rm = await given([
      registered,
      by('worker-7', referredToPanel('ref-1', '2025-03-17')),
      by('chair-1', decided),
    ]);
    expect(await listed(rm, 'assignee:worker-7')).toEqual([
      '2025-03-31 panel-outcome ref-1 -> worker-7',
    ]);
    const [row] = await rm.all(taskRows);
    expect(row).toMatchObject({
      pupilId: PUPIL,
      reference: 'P-0001',
      schoolId: 'school-a',
      meetingId: null,
      action: "Read the panel's decision on your referral and act on it.",
    });
  });

  it('takes the task off the list once the referrer has acknowledged the decision', async () => {
    const rm = await given([
      registered,
      by('worker-7', referredToPanel('ref-1', '2025-03-17')),
      by('chair-1', decided),
      by('worker-7', acknowledged),
    ]);
    expect(await rm.all(taskRows)).toEqual([]);
  });

  it('lists an action agreed at a targeting support meeting for its owner until it is done', async () => {
    const before = await given([registered, agreed]);
    expect(await listed(before, 'assignee:worker-3')).toEqual([
      '2025-02-14 targeting-support-action action-1 -> worker-3',
    ]);
    expect((await before.all(taskRows))[0].meetingId).toBe(MEETING);
    expect(await (await given([registered, agreed, agreedDone])).all(taskRows)).toEqual([]);
  });

  it('lists an N code past its replacement deadline as unassigned without a lead practitioner, until it is re-coded', async () => {
    expect(
      await listed(await given([registered, nCodeDeadlineReached]), 'assignee:unassigned'),
    ).toEqual([`2025-03-11 n-code-replacement ${N_REF} -> unassigned`]);
    expect(
      await (await given([registered, nCodeDeadlineReached, nCodeReplaced])).all(taskRows),
    ).toEqual([]);
  });

  it('lists nothing for a pupil with no dated actions', async () => {
    expect(await (await given([registered])).all(taskRows)).toEqual([]);
  });
});
