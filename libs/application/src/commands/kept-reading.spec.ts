import { KeptReading } from './kept-reading';

describe('a reading kept between reads of a rarely changing stream', () => {
  let value: number;
  let reads: number;
  let failNext: boolean;
  let reading: KeptReading<number>;
  beforeEach(() => {
    value = 1;
    reads = 0;
    failNext = false;
    jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    reading = new KeptReading(async () => {
      reads += 1;
      if (failNext) {
        failNext = false;
        throw new Error('store unavailable');
      }
      return value;
    }, 1_000);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers from the kept reading within the interval, without reading again', async () => {
    expect(await reading.current()).toBe(1);
    value = 2;
    expect(await reading.current()).toBe(1);
    expect(reads).toBe(1);
  });

  it('reads again once the interval has passed, after `forget`, and always with `fresh`', async () => {
    await reading.current();
    value = 2;
    jest.spyOn(Date, 'now').mockReturnValue(1_001_001);
    expect(await reading.current()).toBe(2);
    value = 3;
    reading.forget();
    expect(await reading.current()).toBe(3);
    value = 4;
    expect(await reading.fresh()).toBe(4);
    expect(await reading.current()).toBe(4);
  });

  it('keeps no failed read: the next asks the store again', async () => {
    failNext = true;
    await expect(reading.current()).rejects.toThrow('store unavailable');
    expect(await reading.current()).toBe(1);
  });
});
