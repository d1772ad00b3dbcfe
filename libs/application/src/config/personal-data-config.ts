/**
 * Where people's data keys are kept (README, "Personal data"): never in the event store. A SQLite
 * file of its own in DATA_DIR on the embedded default, Redis when REDIS_URL is set.
 */
import * as path from 'node:path';
import { ConfigError, type Env, present } from './config';

export interface PersonalDataConfig {
  keyStore: { kind: 'sqlite'; file: string } | { kind: 'redis'; prefix: string };
}

export function personalDataConfig(
  env: Env,
  dataDir: string,
  cwd: string,
  redis: boolean,
): PersonalDataConfig {
  if (redis) {
    const prefix = present(env, 'PERSON_KEYS_PREFIX') ?? 'person-keys:';
    if (!/^[A-Za-z0-9_.:-]+$/.test(prefix))
      throw new ConfigError(
        'PERSON_KEYS_PREFIX',
        `may use only letters, digits, _ . : - (got "${prefix}").`,
      );
    return { keyStore: { kind: 'redis', prefix } };
  }
  const file = path.resolve(
    cwd,
    present(env, 'PERSON_KEYS_FILE') ?? path.join(dataDir, 'person-keys.db'),
  );
  const events = path.join(dataDir, 'events.db');
  if (file === events)
    throw new ConfigError(
      'PERSON_KEYS_FILE',
      'must not be the event store’s file: keys live apart from events.',
    );
  return { keyStore: { kind: 'sqlite', file } };
}
