/**
 * The web pages' door: a signed-in session (else the browser is sent to sign in), the capability
 * the page declares (the same access policy as the API, 403 otherwise), and on every form post the
 * session's CSRF token. It puts the session's principal where the API's guard puts a token's, so
 * pages send the same commands and queries with the same case access.
 */
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Capability, hasCapability, Principal } from '@app/application';
import { CAPABILITY_KEY } from '../auth/auth.decorators';
import { formOf, isMultipart, queryParam, type WebHttpRequest } from './web-http';
import { csrfMatches, WebSession, WebSessions } from './web-session';

export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('Sign in to continue.');
  }
}

export class CsrfRejected extends ForbiddenException {
  constructor() {
    super({
      title: 'Forbidden',
      detail:
        'This form was not sent from a page of this service, or your session changed since it was shown. Go back, reload the page and try again.',
    });
  }
}

export type WebRequest = WebHttpRequest & { principal?: Principal; webSession?: WebSession };

@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    const session = await this.sessions.read(req);
    if (!session) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : '/');
    req.webSession = session;
    req.principal = session.principal;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // A file upload's body is read by its handler, after this guard: its form sends the token in
      // the address it posts to instead.
      const sent = isMultipart(req) ? queryParam(req, '_csrf') : formOf(req)._csrf;
      if (!csrfMatches(session, sent)) throw new CsrfRejected();
    }
    const capability = this.reflector.getAllAndOverride<Capability | undefined>(CAPABILITY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!capability || !hasCapability(session.principal, capability)) {
      throw new ForbiddenException({
        title: 'Forbidden',
        detail: `Your role (${session.principal.role}) may not open this page.`,
      });
    }
    return true;
  }
}
