import { NATIONAL_DEFAULTS } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { SETTINGS_REFRESH_MS } from '../commands/kept-reading';
import { StreamExecutor } from '../commands/stream-executor';
import {
  AdoptCodeOfConduct,
  AdoptCodeOfConductHandler,
  CodeOfConductProvider,
  GetCodeOfConductHandler,
} from './code-of-conduct';

const metadata = { actor: 'admin', role: 'admin', correlationId: 'c', causationId: 'c' };
const kent = { ...NATIONAL_DEFAULTS, version: 'kent-2025-09-01', noticeToImproveWeeks: 4 };
const clock = () => new Date('2025-09-01T09:00:00Z');

describe('the code of conduct in force, kept between reads of its stream', () => {
  let store: MemoryEventStore;
  let codes: CodeOfConductProvider;
  beforeEach(() => {
    store = new MemoryEventStore();
    codes = new CodeOfConductProvider(store);
  });
  afterEach(() => jest.restoreAllMocks());

  /** An adoption through a handler with its own provider: another process, as far as `codes` knows. */
  const adoptElsewhere = () =>
    new AdoptCodeOfConductHandler(
      new StreamExecutor(store),
      clock,
      new CodeOfConductProvider(store),
    ).execute(new AdoptCodeOfConduct(kent, metadata));

  it('uses a code adopted through this process from the next decision on', async () => {
    expect((await codes.current()).codeOfConduct).toEqual(NATIONAL_DEFAULTS);
    await new AdoptCodeOfConductHandler(new StreamExecutor(store), clock, codes).execute(
      new AdoptCodeOfConduct(kent, metadata),
    );
    expect((await codes.current()).codeOfConduct).toEqual(kent);
  });

  it('uses a code adopted by another process once the refresh interval has passed', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    expect((await codes.current()).codeOfConduct).toEqual(NATIONAL_DEFAULTS);
    await adoptElsewhere();
    expect((await codes.current()).codeOfConduct).toEqual(NATIONAL_DEFAULTS);
    now.mockReturnValue(1_000_000 + SETTINGS_REFRESH_MS + 1);
    expect((await codes.current()).codeOfConduct).toEqual(kent);
  });

  it('answers the administrators’ read from the stream as it stands, with its revision', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    await codes.current();
    await adoptElsewhere();
    expect(await new GetCodeOfConductHandler(codes).execute()).toEqual({
      codeOfConduct: kent,
      revision: 0n,
    });
  });
});
