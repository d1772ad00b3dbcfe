import { importedId } from './case-import';

describe('the ids of a case brought across', () => {
  const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are the same every time the same case names the same key, so a document sent twice writes to the same streams', () => {
    expect(importedId('LEGACY-1', 'pupil', 'sam')).toBe(importedId('LEGACY-1', 'pupil', 'sam'));
  });

  it('differ between cases, and between kinds of thing with the same key', () => {
    const ids = new Set([
      importedId('LEGACY-1', 'pupil', 'sam'),
      importedId('LEGACY-2', 'pupil', 'sam'),
      importedId('LEGACY-1', 'family', 'sam'),
    ]);
    expect(ids.size).toBe(3);
  });

  it('are UUIDs (RFC 9562 version 8), which the API takes wherever it takes an id', () => {
    for (const key of ['sam', 'mum', 'a-much-longer-key_42'])
      expect(importedId('LEGACY-1', 'parent', key)).toMatch(UUID_V8);
  });
});
