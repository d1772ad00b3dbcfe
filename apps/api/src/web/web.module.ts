/**
 * The web front end: GOV.UK Design System pages served by the api, signed in with OpenID Connect,
 * sending the same commands and queries as the HTTP API (never a second copy of a rule).
 */
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import * as path from 'node:path';
import { DEV_IDENTITY_PROVIDER_PATH } from '@app/application';
import { configureWebPlatform } from '../http-platform';
import { PupilCommandSender } from '../pupils/pupil-command-sender';
import { AuditPage } from './audit.page';
import { CaseFormsPage } from './case-forms.page';
import { CasePage } from './case.page';
import { CaseloadPage } from './caseload.page';
import { DevIdentityProvider } from './dev-identity-provider';
import { DevSignInController } from './dev-sign-in.controller';
import { EvidencePackPage } from './evidence-pack.page';
import { FormalMeasuresPage } from './formal-measures.page';
import { LettersPage } from './letters.page';
import { OidcSignIn } from './oidc-sign-in';
import { PanelQueuePage } from './panel-queue.page';
import { RegisterImportsPage } from './register-imports.page';
import { SignInController } from './sign-in.controller';
import { TasksPage } from './tasks.page';
import { GOVUK_FRONTEND_DIST, WEB_ASSETS_DIR } from './views';
import { WebAuthGuard } from './web-auth.guard';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';
import { WebSessions } from './web-session';

@Module({})
export class WebModule {
  /**
   * `imports` is the app's own ImportsModule (one instance: the page uploads through it); `more`,
   * the app's other area modules the pages use (its TasksModule, PeopleModule, LettersModule).
   */
  static forRoot(imports: DynamicModule, ...more: DynamicModule[]): DynamicModule {
    const metadata = {
      controllers: [
        SignInController,
        DevSignInController,
        CaseloadPage,
        CasePage,
        CaseFormsPage,
        PanelQueuePage,
        AuditPage,
        RegisterImportsPage,
        TasksPage,
        FormalMeasuresPage,
        EvidencePackPage,
        LettersPage,
      ],
      providers: [
        WebSessions,
        WebPages,
        OidcSignIn,
        DevIdentityProvider,
        WebAuthGuard,
        WebErrorFilter,
        PupilCommandSender,
      ],
    };
    return { module: WebModule, imports: [imports, ...more], ...metadata };
  }
}

/**
 * What the pages need before Nest's routes: cookies, form posts, the Design System's styles,
 * scripts, fonts and images (only those: its templates are not served), this front end's own, and
 * the development identity provider on the embedded default.
 */
export function configureWeb(app: INestApplication): void {
  const govuk = path.join(GOVUK_FRONTEND_DIST, 'govuk');
  configureWebPlatform(app, [
    { prefix: '/assets/govuk', roots: [govuk], only: /^\/govuk-frontend\.min\.(css|js)(\.map)?$/ },
    { prefix: '/assets', roots: [path.join(govuk, 'assets'), WEB_ASSETS_DIR] },
  ]);
  app.use(DEV_IDENTITY_PROVIDER_PATH, app.get(DevIdentityProvider).middleware());
}
