import { defineCollection } from './document-store.port';

describe('defineCollection', () => {
  it('refuses indexes kept out of id order when there is no sort key to keep them in', () => {
    expect(() =>
      defineCollection({ name: 'cases', indexes: ['schoolId'], indexesById: false }),
    ).toThrow(/needs a sort key/);
  });
});
