/** Sign-in, sign-out and the start page: OpenID Connect through OidcSignIn, sessions in WebSessions. */
import { Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { OidcSignIn } from './oidc-sign-in';
import {
  formOf,
  redirect,
  type WebHttpRequest as Request,
  type WebHttpResponse as Response,
} from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';
import { csrfMatches, WebSessions } from './web-session';

/** Only a path on this site may be returned to after signing in (no open redirect). */
export const safeReturnTo = (value: unknown): string =>
  typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/my-caseload';

@WebPage('', { signedIn: false })
export class SignInController {
  constructor(
    private readonly signIn: OidcSignIn,
    private readonly sessions: WebSessions,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response) {
    const session = await this.sessions.read(req);
    if (session) return redirect(res, '/my-caseload');
    this.pages.render(res, 'start', {}, null);
  }

  @Get('sign-in')
  async begin(@Query('returnTo') returnTo: unknown, @Res() res: Response) {
    const { url, attempt } = await this.signIn.start();
    await this.sessions.rememberSignIn(res, { ...attempt, returnTo: safeReturnTo(returnTo) });
    redirect(res, url);
  }

  @Get('sign-in/callback')
  async callback(@Req() req: Request, @Res() res: Response) {
    const attempt = await this.sessions.takeSignIn(req, res);
    if (!attempt) {
      return this.pages.render(
        res,
        'error',
        {
          status: 400,
          title: 'Your sign-in timed out',
          detail: 'Signing in took too long or was started in another browser. Sign in again.',
          signInAgain: true,
        },
        null,
        400,
      );
    }
    const who = await this.signIn.finish(req.originalUrl, attempt);
    await this.sessions.start(res, who);
    redirect(res, attempt.returnTo);
  }

  @Post('sign-out')
  @HttpCode(303)
  async signOut(@Req() req: Request, @Res() res: Response) {
    const session = await this.sessions.read(req);
    // Without a matching token a third-party page cannot sign someone out.
    if (session && !csrfMatches(session, formOf(req)._csrf)) {
      return redirect(res, '/my-caseload');
    }
    this.sessions.end(res);
    const atProvider = session ? await this.signIn.endSessionUrl(session.idToken) : null;
    redirect(res, atProvider ?? '/signed-out');
  }

  @Get('signed-out')
  signedOut(@Res() res: Response) {
    this.pages.render(res, 'signed-out', {}, null);
  }
}
