import { directoryDecider, DirectoryEvent, DirectoryRefused } from './directory';

const fold = (events: DirectoryEvent[]) =>
  events.reduce(directoryDecider.evolve, directoryDecider.initialState());
const oakfield: DirectoryEvent = {
  type: 'SchoolRegistered',
  data: { schoolId: 'school-a', name: 'Oakfield Academy', schoolType: 'academy' },
};

describe('the directory of schools and staff', () => {
  it('registers a school once', () => {
    expect(
      directoryDecider.decide(
        {
          type: 'RegisterSchool',
          schoolId: 'school-a',
          name: 'Oakfield Academy',
          schoolType: 'academy',
        },
        fold([]),
      ),
    ).toEqual([oakfield]);
    expect(() =>
      directoryDecider.decide(
        { type: 'RegisterSchool', schoolId: 'school-a', name: 'Again', schoolType: 'academy' },
        fold([oakfield]),
      ),
    ).toThrow(DirectoryRefused);
    expect(() =>
      directoryDecider.decide(
        { type: 'RegisterSchool', schoolId: 'school-b', name: 'B', schoolType: 'grammar' as never },
        fold([]),
      ),
    ).toThrow(/not a school type/);
  });

  it('allocates staff to registered schools only', () => {
    expect(
      directoryDecider.decide(
        { type: 'AllocateStaff', userId: 'worker-1', schoolIds: ['school-a', 'school-a'] },
        fold([oakfield]),
      ),
    ).toEqual([{ type: 'StaffAllocated', data: { userId: 'worker-1', schoolIds: ['school-a'] } }]);
    expect(() =>
      directoryDecider.decide(
        { type: 'AllocateStaff', userId: 'worker-1', schoolIds: ['school-z'] },
        fold([oakfield]),
      ),
    ).toThrow('Register these schools first: school-z.');
  });

  it('records nothing when an allocation does not change, and replaces it when it does', () => {
    const allocated: DirectoryEvent = {
      type: 'StaffAllocated',
      data: { userId: 'worker-1', schoolIds: ['school-a'] },
    };
    expect(
      directoryDecider.decide(
        { type: 'AllocateStaff', userId: 'worker-1', schoolIds: ['school-a'] },
        fold([oakfield, allocated]),
      ),
    ).toEqual([]);
    const emptied = fold([
      oakfield,
      allocated,
      { type: 'StaffAllocated', data: { userId: 'worker-1', schoolIds: [] } },
    ]);
    expect(emptied.allocations).toEqual({ 'worker-1': [] });
  });
});
