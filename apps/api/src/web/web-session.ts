/**
 * A signed-in person's session: a JWT (HS256, `jose`) in an HttpOnly, SameSite=Lax cookie, signed
 * with a secret every api replica shares. It holds who they are (as their identity provider said),
 * a random CSRF token that every form must send back, and an expiry. Nothing about any child.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isRole, localSecret, Principal } from '@app/application';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import {
  clearCookie,
  cookieOf,
  setCookie,
  type CookieOptions,
  type WebHttpRequest,
  type WebHttpResponse,
} from './web-http';

export const SESSION_COOKIE = 'casework_session';
/** The sign-in attempt in flight: state, nonce and PKCE verifier, for ten minutes. */
export const SIGN_IN_COOKIE = 'casework_sign_in';
const SIGN_IN_MINUTES = 10;
const AUDIENCE = 'attendance-casework-web';

export interface WebSession {
  principal: Principal;
  /** The name the identity provider gave, for the page header. */
  name: string;
  csrf: string;
  /** The ID token, for signing out at the identity provider. */
  idToken?: string;
}

export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page to return to once signed in (a path on this site). */
  returnTo: string;
}

@Injectable()
export class WebSessions {
  private readonly key: Uint8Array;
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const secret = config.web.sessionSecret;
    this.key =
      secret.kind === 'env' ? new TextEncoder().encode(secret.value) : localSecret(secret.file);
    this.secure = config.web.publicUrl.startsWith('https://');
  }

  async start(res: WebHttpResponse, session: Omit<WebSession, 'csrf'>): Promise<void> {
    const jwt = await new SignJWT({
      role: session.principal.role,
      schools: session.principal.schoolIds,
      name: session.name,
      csrf: randomBytes(24).toString('base64url'),
      ...(session.idToken ? { idt: session.idToken } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.principal.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.config.web.sessionHours}h`)
      .sign(this.key);
    setCookie(
      res,
      SESSION_COOKIE,
      jwt,
      this.cookieOptions(this.config.web.sessionHours * 3600_000),
    );
  }

  /** The session the request carries, or null when there is none or it is not valid any more. */
  async read(req: WebHttpRequest): Promise<WebSession | null> {
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (!isRole(payload.role) || typeof payload.sub !== 'string') return null;
      if (typeof payload.csrf !== 'string') return null;
      return {
        principal: {
          userId: payload.sub,
          role: payload.role,
          schoolIds: Array.isArray(payload.schools)
            ? payload.schools.filter((s): s is string => typeof s === 'string')
            : [],
        },
        name: typeof payload.name === 'string' ? payload.name : payload.sub,
        csrf: payload.csrf,
        idToken: typeof payload.idt === 'string' ? payload.idt : undefined,
      };
    } catch {
      return null;
    }
  }

  end(res: WebHttpResponse): void {
    clearCookie(res, SESSION_COOKIE, this.cookieOptions());
  }

  async rememberSignIn(res: WebHttpResponse, attempt: SignInAttempt): Promise<void> {
    const jwt = await new SignJWT({ ...attempt })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(`${AUDIENCE}:sign-in`)
      .setExpirationTime(`${SIGN_IN_MINUTES}m`)
      .sign(this.key);
    setCookie(res, SIGN_IN_COOKIE, jwt, this.cookieOptions(SIGN_IN_MINUTES * 60_000));
  }

  async takeSignIn(req: WebHttpRequest, res: WebHttpResponse): Promise<SignInAttempt | null> {
    const token = cookieOf(req, SIGN_IN_COOKIE);
    clearCookie(res, SIGN_IN_COOKIE, this.cookieOptions());
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        audience: `${AUDIENCE}:sign-in`,
        algorithms: ['HS256'],
      });
      const { state, nonce, codeVerifier, returnTo } = payload;
      if (typeof state !== 'string' || typeof nonce !== 'string') return null;
      if (typeof codeVerifier !== 'string' || typeof returnTo !== 'string') return null;
      return { state, nonce, codeVerifier, returnTo };
    } catch {
      return null;
    }
  }

  private cookieOptions(maxAge?: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.secure,
      path: '/',
      ...(maxAge ? { maxAge } : {}),
    };
  }
}

/** A form's CSRF token matches the session's (compared in constant time). */
export function csrfMatches(session: WebSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
