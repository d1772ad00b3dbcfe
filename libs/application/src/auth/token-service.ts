/**
 * Verifies bearer tokens with `jose`: against the identity provider's JWKS in production, or a
 * local HS256 secret in the embedded default. Issues tokens only in local mode (for `npm run token`
 * and tests).
 */
import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRemoteJWKSet, jwtVerify, JWTPayload, SignJWT } from 'jose';
import { type AuthConfig, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../config/config';
import { isRole, Principal, Role } from './roles';

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** Reads the local signing secret, creating it (readable by this user only) on first use. */
export function localSecret(secretFile: string): Uint8Array {
  if (!fs.existsSync(secretFile)) {
    fs.mkdirSync(path.dirname(secretFile), { recursive: true });
    try {
      fs.writeFileSync(secretFile, randomBytes(48).toString('base64url'), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return new TextEncoder().encode(fs.readFileSync(secretFile, 'utf8').trim());
}

/**
 * Who the claims of a verified token say the caller is: `sub`, `role` (or the first of `roles`) and
 * `schools`. The API's bearer tokens and the web front end's ID tokens are read the same way.
 */
export function principalFromClaims(
  payload: Readonly<Record<string, unknown>>,
  what = 'access token',
): Principal {
  const role = payload.role ?? (Array.isArray(payload.roles) ? payload.roles[0] : undefined);
  if (!isRole(role)) throw new InvalidTokenError(`The ${what} carries no recognised role.`);
  if (typeof payload.sub !== 'string' || payload.sub === '')
    throw new InvalidTokenError(`The ${what} has no subject.`);
  const schools = Array.isArray(payload.schools)
    ? payload.schools.filter((s): s is string => typeof s === 'string')
    : [];
  return { userId: payload.sub, role, schoolIds: schools };
}

export class TokenService {
  private readonly key: Uint8Array | ReturnType<typeof createRemoteJWKSet>;
  /** The local secret as a key object, made once: from bytes, jose would make it on every verify. */
  private readonly secret: KeyObject | undefined;

  constructor(private readonly config: AuthConfig) {
    this.key =
      config.kind === 'local'
        ? localSecret(config.secretFile)
        : createRemoteJWKSet(new URL(config.jwksUrl));
    this.secret = this.key instanceof Uint8Array ? createSecretKey(this.key) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const verified = this.secret
        ? await jwtVerify(token, this.secret, {
            issuer: this.config.issuer,
            audience: this.config.audience,
            algorithms: ['HS256'],
          })
        : await jwtVerify(token, this.key as ReturnType<typeof createRemoteJWKSet>, {
            issuer: this.config.issuer,
            audience: this.config.audience,
          });
      payload = verified.payload;
    } catch (error) {
      throw new InvalidTokenError(
        `The access token is not valid (${(error as { code?: string }).code ?? 'unverifiable'}).`,
      );
    }
    this.checkLifetime(payload);
    return principalFromClaims(payload, 'access token');
  }

  /**
   * A token must expire, and within the configured lifetime of when it was issued (its `iat`, else
   * its `nbf`, else now): a stolen token that never expires, or lasts a month, is refused.
   */
  private checkLifetime(payload: JWTPayload): void {
    if (typeof payload.exp !== 'number')
      throw new InvalidTokenError(
        'The access token has no expiry (exp); ask for one that expires.',
      );
    const max = this.config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    const from =
      typeof payload.iat === 'number'
        ? payload.iat
        : typeof payload.nbf === 'number'
          ? payload.nbf
          : Math.floor(Date.now() / 1000);
    if (payload.exp - from > max)
      throw new InvalidTokenError(
        `The access token is valid for longer than this service accepts (${max} seconds); ask for a shorter-lived one.`,
      );
  }

  /** Local mode only: a token for development and tests. */
  async issue(
    claims: { sub: string; role: Role; schools?: string[] },
    expiresIn = '8h',
  ): Promise<string> {
    if (!(this.key instanceof Uint8Array))
      throw new Error('Tokens are issued by the identity provider in this configuration.');
    return new SignJWT({ role: claims.role, schools: claims.schools ?? [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.key);
  }
}
