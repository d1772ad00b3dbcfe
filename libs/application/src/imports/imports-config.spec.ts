import { ConfigError, loadConfig } from '../config/config';

describe('the imports configuration', () => {
  it('rejects unknown UPNs unless told otherwise', () => {
    expect(loadConfig({}).imports).toEqual({ registerUnknownPupils: false });
  });

  it('registers unknown pupils when IMPORT_REGISTER_UNKNOWN_PUPILS=true', () => {
    expect(loadConfig({ IMPORT_REGISTER_UNKNOWN_PUPILS: 'true' }).imports).toEqual({
      registerUnknownPupils: true,
    });
  });

  it('stops at start-up, naming the variable, on anything but true or false', () => {
    expect(() => loadConfig({ IMPORT_REGISTER_UNKNOWN_PUPILS: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ IMPORT_REGISTER_UNKNOWN_PUPILS: 'yes' })).toThrow(
      /IMPORT_REGISTER_UNKNOWN_PUPILS/,
    );
  });
});
