import { preferredType } from './http-headers';

const withAccept = (accept?: string) => ({ headers: accept === undefined ? {} : { accept } });
const TYPES = ['application/json', 'text/html'];

describe('choosing what to answer from the Accept header', () => {
  it('answers JSON when the caller says nothing or takes anything', () => {
    expect(preferredType(withAccept(), TYPES)).toBe('application/json');
    expect(preferredType(withAccept('*/*'), TYPES)).toBe('application/json');
  });

  it('answers the page to a browser, which asks for HTML first', () => {
    expect(
      preferredType(
        withAccept('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'),
        TYPES,
      ),
    ).toBe('text/html');
    expect(preferredType(withAccept('text/html'), TYPES)).toBe('text/html');
  });

  it('follows the quality values, then the more specific range', () => {
    expect(preferredType(withAccept('text/html;q=0.5, application/json'), TYPES)).toBe(
      'application/json',
    );
    expect(preferredType(withAccept('text/*, */*;q=0.1'), TYPES)).toBe('text/html');
    expect(preferredType(withAccept('application/json;q=0, */*'), TYPES)).toBe('text/html');
    expect(preferredType(withAccept('image/png'), TYPES)).toBeUndefined();
  });
});
