import { canonicalJson, eventHash, GENESIS } from './hash-chain';

const event = {
  streamId: 'pupil-1',
  revision: 0n,
  type: 'PupilRegistered',
  data: { b: 1, a: [2, { d: 3, c: 4 }] },
  metadata: { actor: 'u', role: 'r' },
};

describe('the hash chain', () => {
  it('serialises objects the same whatever the order of their keys', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
  });

  it('gives the same event the same hash', () => {
    expect(eventHash(GENESIS, event)).toBe(
      eventHash(GENESIS, { ...event, data: { a: [2, { c: 4, d: 3 }], b: 1 } }),
    );
  });

  it('changes the hash when the data is altered', () => {
    expect(eventHash(GENESIS, { ...event, data: { ...event.data, b: 2 } })).not.toBe(
      eventHash(GENESIS, event),
    );
  });

  it('changes the hash when the event moves to another revision', () => {
    expect(eventHash(GENESIS, { ...event, revision: 1n })).not.toBe(eventHash(GENESIS, event));
  });

  it('changes the hash when the previous event’s hash differs', () => {
    expect(eventHash('f'.repeat(64), event)).not.toBe(eventHash(GENESIS, event));
  });

  it('leaves the hash fields themselves out of what is hashed', () => {
    const withHash = { ...event, metadata: { ...event.metadata, hash: 'x', previousHash: 'y' } };
    expect(eventHash(GENESIS, withHash)).toBe(eventHash(GENESIS, event));
  });
});
