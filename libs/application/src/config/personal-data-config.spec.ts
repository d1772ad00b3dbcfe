import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('where people’s data keys are kept (configuration)', () => {
  it('is a SQLite file of its own in DATA_DIR on the embedded default', () => {
    expect(loadConfig({ DATA_DIR: '/srv/data' }, '/').personalData).toEqual({
      keyStore: { kind: 'sqlite', file: path.join('/srv/data', 'person-keys.db') },
    });
  });

  it('is Redis, under PERSON_KEYS_PREFIX, when REDIS_URL is set', () => {
    const config = loadConfig(
      { REDIS_URL: 'redis://r:6379', PERSON_KEYS_PREFIX: 'la1:keys:' },
      '/',
    );
    expect(config.personalData).toEqual({ keyStore: { kind: 'redis', prefix: 'la1:keys:' } });
  });

  it('is never the event store’s file', () => {
    expect(() =>
      loadConfig({ DATA_DIR: '/srv/data', PERSON_KEYS_FILE: '/srv/data/events.db' }, '/'),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ DATA_DIR: '/srv/data', PERSON_KEYS_FILE: '/srv/data/events.db' }, '/'),
    ).toThrow(/PERSON_KEYS_FILE/);
  });

  it('refuses a Redis prefix with characters a key should not hold', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://r:6379', PERSON_KEYS_PREFIX: 'a b' }, '/'),
    ).toThrow(/PERSON_KEYS_PREFIX/);
  });
});
