import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('runs embedded on SQLite under ./data when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.eventStore).toEqual({
      kind: 'sqlite',
      file: path.join('/srv/app/data', 'events.db'),
    });
    expect(config.redis).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.http.adapter).toBe('fastify');
  });

  it('runs the whole app on express when HTTP_ADAPTER=express, on fastify otherwise, the web pages on or off', () => {
    expect(loadConfig({ HTTP_ADAPTER: 'express' }).http.adapter).toBe('express');
    expect(loadConfig({ HTTP_ADAPTER: 'express', WEB_PAGES: 'false' }).http.adapter).toBe(
      'express',
    );
    expect(loadConfig({ HTTP_ADAPTER: 'fastify' }).http.adapter).toBe('fastify');
    expect(loadConfig({ HTTP_ADAPTER: 'fastify', WEB_PAGES: 'false' }).http.adapter).toBe(
      'fastify',
    );
    expect(() => loadConfig({ HTTP_ADAPTER: 'koa' })).toThrow(
      'Invalid configuration: HTTP_ADAPTER must be express or fastify (got "koa").',
    );
  });

  it('names the LA for the Parental Responsibility Measures census from LA_* variables, or leaves it unnamed', () => {
    expect(loadConfig({}).localAuthority).toEqual({});
    expect(
      loadConfig({
        LA_NAME: 'Kent',
        LA_OLD_CODE: '886',
        LA_NEW_CODE: 'E10000016',
        LA_REGION_CODE: 'E12000008',
        LA_REGION_NAME: 'South East',
      }).localAuthority,
    ).toEqual({
      name: 'Kent',
      oldCode: '886',
      newCode: 'E10000016',
      regionCode: 'E12000008',
      regionName: 'South East',
    });
    expect(() => loadConfig({ LA_OLD_CODE: 'Kent' })).toThrow(
      'Invalid configuration: LA_OLD_CODE must look like 886 (got "Kent").',
    );
    expect(() => loadConfig({ LA_NEW_CODE: '886' })).toThrow(ConfigError);
  });

  it('keeps the SQLite files under DATA_DIR when it is set', () => {
    const config = loadConfig({ DATA_DIR: '/var/lib/attendance' }, '/srv/app');
    expect(config.eventStore).toEqual({ kind: 'sqlite', file: '/var/lib/attendance/events.db' });
  });

  it('switches to EventStoreDB when EVENTSTORE_CONNECTION_STRING is set', () => {
    const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' });
    expect(config.eventStore).toEqual({
      kind: 'eventstoredb',
      connectionString: 'esdb://eventstore:2113?tls=false',
    });
  });

  it('switches to Redis when REDIS_URL is set', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).redis).toEqual({
      url: 'redis://cache:6379',
    });
  });

  it.each([
    ['EVENTSTORE_CONNECTION_STRING', 'http://eventstore:2113'],
    ['EVENTSTORE_CONNECTION_STRING', 'not a url'],
    ['REDIS_URL', 'http://cache:6379'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
  ])('stops start-up naming %s when it is %p', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${variable} `),
    );
  });

  it('runs the projections in this process, on a thread of their own, waiting up to 5 s for a read-your-writes query, by default', () => {
    expect(loadConfig({}).projections).toEqual({
      runInProcess: true,
      thread: true,
      readYourWritesTimeoutMs: 5000,
      redisPrefix: 'read-models:',
      leaseTtlMs: 10_000,
      partitions: {},
      rebuildPageEvents: 10_000,
      rebuildCacheDocuments: 20_000,
      liveCacheDocuments: 1_000,
    });
  });

  it('bounds what a rebuild or catch-up holds by PROJECTION_REBUILD_PAGE_EVENTS and PROJECTION_REBUILD_CACHE_DOCUMENTS', () => {
    expect(
      loadConfig({
        PROJECTION_REBUILD_PAGE_EVENTS: '2000',
        PROJECTION_REBUILD_CACHE_DOCUMENTS: '5000',
        PROJECTION_LIVE_CACHE_DOCUMENTS: '200',
      }).projections,
    ).toMatchObject({
      rebuildPageEvents: 2000,
      rebuildCacheDocuments: 5000,
      liveCacheDocuments: 200,
    });
    expect(() => loadConfig({ PROJECTION_REBUILD_CACHE_DOCUMENTS: '0' })).toThrow(
      'Invalid configuration: PROJECTION_REBUILD_CACHE_DOCUMENTS must be a whole number from 100 to 10000000 (got "0").',
    );
  });

  it('splits the projections named in PROJECTION_PARTITIONS into that many partitions', () => {
    expect(
      loadConfig({ PROJECTION_PARTITIONS: 'tasks:4, casework:2' }).projections.partitions,
    ).toEqual({ tasks: 4, casework: 2 });
    expect(() => loadConfig({ PROJECTION_PARTITIONS: 'tasks:0' })).toThrow(
      'Invalid configuration: PROJECTION_PARTITIONS must be projection:count pairs separated by commas, each count from 1 to 64 (got "tasks:0").',
    );
    expect(() => loadConfig({ PROJECTION_PARTITIONS: 'tasks' })).toThrow('PROJECTION_PARTITIONS');
  });

  it('leaves the projections to a worker when RUN_PROJECTIONS=false', () => {
    const config = loadConfig({ RUN_PROJECTIONS: 'false', READ_YOUR_WRITES_TIMEOUT_MS: '250' });
    expect(config.projections).toMatchObject({
      runInProcess: false,
      readYourWritesTimeoutMs: 250,
    });
  });

  it('keys the read models in Redis under READ_MODELS_PREFIX, refusing characters a key pattern would misread', () => {
    expect(loadConfig({ READ_MODELS_PREFIX: 'la-42:rm:' }).projections.redisPrefix).toBe(
      'la-42:rm:',
    );
    expect(() => loadConfig({ READ_MODELS_PREFIX: 'rm*' })).toThrow(
      'Invalid configuration: READ_MODELS_PREFIX may use only letters, digits, _ . : - (got "rm*").',
    );
  });

  it('keeps the tree-head signing key outside the databases, under DATA_DIR/keys unless TREE_HEAD_KEY_FILE says where', () => {
    expect(loadConfig({ DATA_DIR: '/srv/data' }, '/srv/app').transparencyLog).toEqual({
      file: '/srv/data/transparency-log.db',
      keyFile: '/srv/data/keys/tree-head-ed25519.pem',
      treeHeadIntervalMs: 300_000,
    });
    expect(
      loadConfig(
        { TREE_HEAD_KEY_FILE: 'secrets/sth.pem', TREE_HEAD_INTERVAL_MS: '60000' },
        '/srv/app',
      ).transparencyLog,
    ).toMatchObject({ keyFile: '/srv/app/secrets/sth.pem', treeHeadIntervalMs: 60_000 });
    expect(() => loadConfig({ TREE_HEAD_INTERVAL_MS: '10' })).toThrow(
      'Invalid configuration: TREE_HEAD_INTERVAL_MS must be a whole number from 1000 to 86400000 (got "10").',
    );
  });

  it('runs the process managers where the projections run unless RUN_PROCESS_MANAGERS says otherwise', () => {
    expect(loadConfig({}).processManagers).toEqual({ runInProcess: undefined });
    expect(loadConfig({ RUN_PROCESS_MANAGERS: 'false' }).processManagers).toEqual({
      runInProcess: false,
    });
    expect(() => loadConfig({ RUN_PROCESS_MANAGERS: 'no' })).toThrow(
      'Invalid configuration: RUN_PROCESS_MANAGERS must be true or false (got "no").',
    );
  });

  it('runs the projections on the main thread when PROJECTIONS_THREAD=false', () => {
    expect(loadConfig({ PROJECTIONS_THREAD: 'false' }).projections.thread).toBe(false);
    expect(() => loadConfig({ PROJECTIONS_THREAD: 'off' })).toThrow(
      'Invalid configuration: PROJECTIONS_THREAD must be true or false (got "off").',
    );
  });

  it('lets a job be taken back 30 s after its process died, or after JOB_LEASE_MS', () => {
    expect(loadConfig({}).jobs.leaseMs).toBe(30_000);
    expect(loadConfig({ JOB_LEASE_MS: '2000' }).jobs.leaseMs).toBe(2_000);
    expect(() => loadConfig({ JOB_LEASE_MS: '10' })).toThrow(
      'Invalid configuration: JOB_LEASE_MS must be a whole number from 1000 to 600000 (got "10").',
    );
  });

  it('refuses a RUN_PROJECTIONS that is not true or false, naming the variable', () => {
    expect(() => loadConfig({ RUN_PROJECTIONS: 'yes' })).toThrow(
      'Invalid configuration: RUN_PROJECTIONS must be true or false (got "yes").',
    );
  });

  it('refuses a projection lease shorter than its renewal could keep up with', () => {
    expect(() => loadConfig({ PROJECTION_LEASE_TTL_MS: '100' })).toThrow(
      'Invalid configuration: PROJECTION_LEASE_TTL_MS must be a whole number from 300 to 600000 (got "100").',
    );
  });

  it('refuses a read-your-writes wait over a minute', () => {
    expect(() => loadConfig({ READ_YOUR_WRITES_TIMEOUT_MS: '60001' })).toThrow(ConfigError);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: '  ', REDIS_URL: '' }).eventStore.kind).toBe(
      'sqlite',
    );
  });

  it('verifies tokens locally, with a secret under DATA_DIR, when no identity provider is set', () => {
    expect(loadConfig({}, '/srv/app').auth).toEqual({
      kind: 'local',
      secretFile: '/srv/app/data/dev-auth-secret',
      issuer: 'attendance-casework-local',
      audience: 'attendance-casework',
      maxTokenLifetimeSeconds: 8 * 60 * 60,
    });
  });

  it('verifies tokens against the identity provider when AUTH_JWKS_URL is set', () => {
    const auth = loadConfig({
      AUTH_JWKS_URL: 'https://login.example/keys',
      AUTH_ISSUER: 'https://login.example/',
      AUTH_AUDIENCE: 'api://attendance',
    }).auth;
    expect(auth).toEqual({
      kind: 'jwks',
      jwksUrl: 'https://login.example/keys',
      issuer: 'https://login.example/',
      audience: 'api://attendance',
      maxTokenLifetimeSeconds: 8 * 60 * 60,
    });
  });

  it('caps a token’s lifetime at a working day, or AUTH_MAX_TOKEN_LIFETIME_SECONDS, refusing nonsense', () => {
    expect(
      loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth.maxTokenLifetimeSeconds,
    ).toBe(3600);
    expect(() => loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'forever' })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number/,
    );
    expect(() => loadConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '31536000' })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME_SECONDS/,
    );
  });

  it('holds a key whose request never finished for a minute, or IDEMPOTENCY_IN_PROGRESS_MS', () => {
    expect(loadConfig({}).idempotency.inProgressMs).toBe(60_000);
    expect(loadConfig({ IDEMPOTENCY_IN_PROGRESS_MS: '2000' }).idempotency.inProgressMs).toBe(2_000);
    expect(() => loadConfig({ IDEMPOTENCY_IN_PROGRESS_MS: '0' })).toThrow(
      /IDEMPOTENCY_IN_PROGRESS_MS/,
    );
  });

  it('refuses an identity provider without an issuer', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://login.example/keys' })).toThrow(
      /AUTH_ISSUER/,
    );
  });
});
