import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import {
  AppConfig,
  ApplicationModule,
  LettersModule,
  MetricsModule,
  PaymentsImport,
  PeopleModule,
  ProblemDetailsFilter,
  TasksModule,
  Reallocations,
} from '@app/application';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodeOfConductController } from './admin/code-of-conduct.controller';
import { VerifyController } from './audit/verify.controller';
import { TreeHeadsController } from './audit/tree-heads.controller';
import { EvidencePacksController } from './audit/evidence-packs.controller';
import { ImportsController } from './imports/imports.controller';
import { CaseImportController } from './imports/case-import.controller';
import { PaymentsImportController } from './imports/payments-import.controller';
import { ImportsModule } from '@app/application/imports/imports.module';
import { AccessLogController } from './audit/access-log.controller';
import { AuditHistoryController } from './audit/audit-history.controller';
import { DirectoryController } from './admin/directory.controller';
import { ProjectionsController } from './admin/projections.controller';
import { AuthGuard } from './auth/auth.guard';
import {
  IpRateLimitGuard,
  PrincipalRateLimitGuard,
  rateLimitOptions,
} from './operations/rate-limits';
import { correlationIdOf } from './common/correlation';
import { JsonBodiesGuard } from './common/json-bodies';
import { FamiliesController } from './families/families.controller';
import { HealthController } from './health/health.controller';
import { FormalMeasuresController } from './pupils/formal-measures.controller';
import { CaseFileController } from './pupils/case-file.controller';
import { PeopleAroundTheChildController } from './pupils/people-around-the-child.controller';
import { AllocationController } from './allocation/allocation.controller';
import { PupilCommandSender } from './pupils/pupil-command-sender';
import { PupilsController } from './pupils/pupils.controller';
import { ReadModelsController } from './read-models/read-models.controller';
import { TargetingSupportMeetingsController } from './meetings/targeting-support-meetings.controller';
import { WebModule } from './web/web.module';
import { FeedController } from './event-feed/feed.controller';
import { EventFeedAdminController } from './event-feed/event-feed-admin.controller';
import { TasksController } from './tasks/tasks.controller';
import { PeopleController } from './people/people.controller';
import { RetentionController } from './admin/retention.controller';
import { PersonAccess } from './people/person-access';
import { LettersController } from './letters/letters.controller';
import { LetterSettingsController } from './letters/letter-settings.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const imports = ImportsModule.forRoot(config);
    const tasks = TasksModule.forRoot(config);
    const people = PeopleModule.forRoot(config);
    const letters = LettersModule.forRoot(people);
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const id = correlationIdOf(req);
              res.setHeader('X-Correlation-Id', id);
              return id;
            },
            // No personal data in logs: method and path (pseudonymous ids only), never bodies,
            // query strings or credentials.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers', 'res.headers'],
          },
        }),
        TerminusModule,
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        MetricsModule,
        ApplicationModule.forRoot(config),
        people,
        letters,
        imports,
        tasks,
        // The API alone when WEB_PAGES=false: nothing of the pages is mounted.
        ...(config.web.pages ? [WebModule.forRoot(imports, tasks, people, letters)] : []),
      ],
      controllers: [
        HealthController,
        PupilsController,
        ReadModelsController,
        TargetingSupportMeetingsController,
        FormalMeasuresController,
        CaseFileController,
        FamiliesController,
        CodeOfConductController,
        DirectoryController,
        ProjectionsController,
        VerifyController,
        TreeHeadsController,
        EvidencePacksController,
        ImportsController,
        CaseImportController,
        PaymentsImportController,
        AccessLogController,
        AuditHistoryController,
        FeedController,
        EventFeedAdminController,
        TasksController,
        PeopleController,
        RetentionController,
        LettersController,
        LetterSettingsController,
        PeopleAroundTheChildController,
        AllocationController,
      ],
      providers: [
        // In this order: the address limit, the token, then the user's limit.
        { provide: APP_GUARD, useClass: IpRateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PrincipalRateLimitGuard },
        { provide: APP_GUARD, useClass: JsonBodiesGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        PupilCommandSender,
        PaymentsImport,
        Reallocations,
        PersonAccess,
      ],
    };
  }
}
