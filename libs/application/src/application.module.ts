import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  DocumentStore,
  LeaseManager,
  Projection,
  Projector,
} from '@app/read-models';
import Redis from 'ioredis';
import * as path from 'node:path';
import { createEventStore } from './adapters/event-store.factory';
import { TokenService } from './auth/token-service';
import { StreamExecutor } from './commands/stream-executor';
import { StreamStates } from './commands/stream-states';
import type { AppConfig } from './config/config';
import type { IdempotencyStore } from './idempotency/idempotency-store.port';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency-store';
import { SqliteIdempotencyStore } from './idempotency/sqlite-idempotency-store';
import {
  APP_CONFIG,
  CLOCK,
  DOCUMENT_STORE,
  EVENT_STORE,
  IDEMPOTENCY_STORE,
  PROJECTOR,
  REDIS,
  TRANSPARENCY_LOG,
  TREE_HEAD_SIGNER,
} from './tokens';
import { ProjectionsThread } from './read-models/projections-thread';
import { ReadYourWrites } from './read-models/read-your-writes';
import { CaseworkQueries } from './read-models/casework-queries';
import { CaseFileQueries } from './read-models/case-file-queries';
import { TargetingSupportMeetings } from './meetings/targeting-support-meetings';
import { TargetingSupportMeetingsJob } from './meetings/targeting-support-meetings.job';
import {
  closeLeaseManager,
  createDocumentStore,
  createLeaseManager,
  createProjector,
  LEASE_MANAGER,
} from './read-models/read-model-adapters';
import { AccessLog } from './audit/access-log';
import { AuditedReads } from './audit/audited-reads';
import { TransparencyLogHost, transparencyLogProviders } from './audit/transparency-log.host';
import {
  AdoptCodeOfConductHandler,
  CodeOfConductProvider,
  GetCodeOfConductHandler,
} from './pupils/code-of-conduct';
import {
  DirectoryProvider,
  ExecuteDirectoryCommandHandler,
  GetDirectoryHandler,
} from './pupils/directory';
import { ExecuteFamilyCommandHandler, GetFamilyHandler } from './pupils/family-commands';
import { ExecutePupilCommandHandler, GetPupilJourneyHandler } from './pupils/pupil-commands';
import { GetFormalMeasuresHandler, PreviewPupilCommandHandler } from './pupils/formal-measures';
import {
  processManagerExports,
  processManagerProviders,
} from './process-managers/process-managers.host';
import { eventFeedExports, eventFeedProviders } from './event-feed';

/**
 * Wires the ports to the adapters the configuration picks (architecture.md, "Adapters and the
 * embedded default"). The api and the worker both import it, so a job and an HTTP request run
 * the same command through the same handler.
 */
@Global()
@Module({})
export class ApplicationModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(LEASE_MANAGER) private readonly leases: LeaseManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProjectionsThread) private readonly thread: ProjectionsThread | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.projections.runInProcess) return;
    if (this.thread) this.thread.start();
    else this.projector.start();
  }

  /**
   * `options.projections` replaces ALL_PROJECTIONS (tests only: a crash test adds a projection
   * that counts how often each event was applied).
   */
  static forRoot(
    config: AppConfig,
    options: { projections?: readonly Projection[] } = {},
  ): DynamicModule {
    const projections = options.projections ?? ALL_PROJECTIONS;
    return {
      module: ApplicationModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: () => new Date() },
        CodeOfConductProvider,
        DirectoryProvider,
        ExecuteDirectoryCommandHandler,
        GetDirectoryHandler,
        AdoptCodeOfConductHandler,
        GetCodeOfConductHandler,
        ExecutePupilCommandHandler,
        GetPupilJourneyHandler,
        GetFormalMeasuresHandler,
        PreviewPupilCommandHandler,
        ExecuteFamilyCommandHandler,
        GetFamilyHandler,
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        {
          provide: REDIS,
          useFactory: () =>
            config.redis ? new Redis(config.redis.url, { maxRetriesPerRequest: 3 }) : null,
        },
        {
          provide: IDEMPOTENCY_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis | null) =>
            redis
              ? new RedisIdempotencyStore(redis, undefined, config.idempotency.inProgressMs)
              : new SqliteIdempotencyStore(
                  path.join(config.dataDir, 'idempotency.db'),
                  undefined,
                  config.idempotency.inProgressMs,
                ),
        },
        { provide: TokenService, useFactory: () => new TokenService(config.auth) },
        {
          provide: DOCUMENT_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis | null): DocumentStore => createDocumentStore(config, redis),
        },
        {
          provide: LEASE_MANAGER,
          inject: [REDIS],
          useFactory: (redis: Redis | null) => createLeaseManager(config, redis),
        },
        {
          provide: PROJECTOR,
          inject: [EVENT_STORE, DOCUMENT_STORE, LEASE_MANAGER],
          useFactory: (events: EventStore, documents: DocumentStore, leases: LeaseManager) =>
            createProjector(config, { events, documents, leases }, projections),
        },
        {
          // Replaced projections (tests) exist only in this thread, so they run here.
          provide: ProjectionsThread,
          inject: [PROJECTOR, EVENT_STORE],
          useFactory: (projector: Projector, events: EventStore) =>
            config.projections.runInProcess && config.projections.thread && !options.projections
              ? new ProjectionsThread(config, projector, events)
              : null,
        },
        ReadYourWrites,
        ...processManagerProviders(config),
        CaseworkQueries,
        CaseFileQueries,
        TargetingSupportMeetings,
        TargetingSupportMeetingsJob,
        AccessLog,
        AuditedReads,
        ...transparencyLogProviders(config),
        ...eventFeedProviders,
        {
          provide: StreamStates,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new StreamStates(store),
        },
        {
          provide: StreamExecutor,
          inject: [EVENT_STORE, StreamStates],
          useFactory: (store: EventStore, states: StreamStates) =>
            new StreamExecutor(store, undefined, states),
        },
      ],
      exports: [
        APP_CONFIG,
        CLOCK,
        CodeOfConductProvider,
        DirectoryProvider,
        EVENT_STORE,
        REDIS,
        IDEMPOTENCY_STORE,
        TokenService,
        StreamExecutor,
        StreamStates,
        DOCUMENT_STORE,
        PROJECTOR,
        ProjectionsThread,
        ReadYourWrites,
        ...processManagerExports,
        CaseworkQueries,
        CaseFileQueries,
        TargetingSupportMeetings,
        AccessLog,
        AuditedReads,
        TransparencyLogHost,
        TRANSPARENCY_LOG,
        TREE_HEAD_SIGNER,
        ...eventFeedExports,
        CqrsModule,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.thread?.stop();
    await this.projector.stop();
    closeLeaseManager(this.leases);
    await this.documents.close();
    await this.idempotency.close();
    await this.store.close();
    if (this.redis) await this.redis.quit();
  }
}
