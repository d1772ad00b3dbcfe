import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/config';
import { REDIS } from '../tokens';
import type { KeyStore } from './key-store.port';
import { ExecutePersonCommandHandler } from './person-commands';
import { PersonalDataCipher } from './personal-data-cipher';
import { PersonMembershipsReader } from './person-memberships';
import { GetPersonalDetailsHandler, PersonalDetailsReader } from './personal-details';
import { Retention } from './retention';
import { SubjectAccess } from './subject-access';
import { RedisKeyStore } from './redis-key-store';
import { SqliteKeyStore } from './sqlite-key-store';

export const KEY_STORE = Symbol('KEY_STORE');

/** People and their personal data: the key store, the cipher, the person commands and reads. */
@Module({})
export class PeopleModule implements OnApplicationShutdown {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    const { keyStore } = config.personalData;
    return {
      module: PeopleModule,
      providers: [
        {
          provide: KEY_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis | null): KeyStore =>
            keyStore.kind === 'redis'
              ? new RedisKeyStore(redis!, keyStore.prefix)
              : new SqliteKeyStore(keyStore.file),
        },
        {
          provide: PersonalDataCipher,
          inject: [KEY_STORE],
          useFactory: (keys: KeyStore) => new PersonalDataCipher(keys),
        },
        PersonalDetailsReader,
        PersonMembershipsReader,
        SubjectAccess,
        Retention,
        ExecutePersonCommandHandler,
        GetPersonalDetailsHandler,
      ],
      exports: [
        KEY_STORE,
        PersonalDataCipher,
        PersonalDetailsReader,
        PersonMembershipsReader,
        SubjectAccess,
        Retention,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
