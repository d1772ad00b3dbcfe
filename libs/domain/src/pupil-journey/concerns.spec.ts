import { fold } from '../testing/given-when-then';
import { registered } from '../testing/journey-fixtures';
import type { PupilEvent } from './events';
import { summarisePupilJourney } from './summary';

const concern = (raisedOn: string, rule: boolean): PupilEvent => ({
  type: 'ConcernRaised',
  data: {
    concernId: `concern-${raisedOn}`,
    raisedOn,
    raisedBy: rule ? 'rule' : 'person',
    rule: rule ? { name: 'attendance-below-level', figures: { ratePercent: 85.5 } } : null,
    summary: rule ? 'Attendance 85.5% is below 90%' : 'Teacher worried',
  },
});

describe('concerns on the journey', () => {
  const state = fold([registered, concern('2025-03-03', false), concern('2025-03-10', true)]);

  it('shows a concern raised by a rule with its name and figures, and one raised by a person without', () => {
    expect(summarisePupilJourney(state, '2025-03-31').concerns).toEqual([
      {
        concernId: 'concern-2025-03-03',
        raisedOn: '2025-03-03',
        summary: 'Teacher worried',
        rule: null,
      },
      {
        concernId: 'concern-2025-03-10',
        raisedOn: '2025-03-10',
        summary: 'Attendance 85.5% is below 90%',
        rule: { name: 'attendance-below-level', figures: { ratePercent: 85.5 } },
      },
    ]);
  });

  it('as of an earlier date shows only the concerns raised by then', () => {
    expect(summarisePupilJourney(state, '2025-03-05').concerns.map((c) => c.concernId)).toEqual([
      'concern-2025-03-03',
    ]);
  });
});
