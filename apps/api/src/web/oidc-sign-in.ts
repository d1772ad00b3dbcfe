/**
 * Sign-in with OpenID Connect (`openid-client`): the authorization code flow with PKCE, state and
 * nonce, against the LA's identity provider or, on the embedded default, the development provider
 * this api serves at /dev-oidc. Who someone is comes from the ID token's claims (`sub`, `name`,
 * `role`, `schools`), read as the API reads its bearer tokens.
 *
 * `openid-client` is an ES module: it is loaded on the first sign-in, so nothing else pays for it.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  DEV_IDENTITY_PROVIDER_PATH,
  InvalidTokenError,
  principalFromClaims,
} from '@app/application';
import type { Principal } from '@app/application';
import type { SignInAttempt } from './web-session';
import { DEV_CLIENT_ID, devClientSecret } from './dev-identity-provider';

type OpenIdClient = typeof import('openid-client');

export class SignInUnavailable extends Error {
  constructor() {
    super(
      'Signing in to the web pages is not set up here: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.',
    );
  }
}

@Injectable()
export class OidcSignIn {
  private client?: Promise<{ lib: OpenIdClient; config: import('openid-client').Configuration }>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get redirectUri(): string {
    return `${this.config.web.publicUrl}/sign-in/callback`;
  }

  get signedOutUri(): string {
    return `${this.config.web.publicUrl}/signed-out`;
  }

  /** Where to send the browser, and what to remember until it comes back. */
  async start(): Promise<{ url: string; attempt: Omit<SignInAttempt, 'returnTo'> }> {
    const { lib, config } = await this.connect();
    const attempt = {
      state: lib.randomState(),
      nonce: lib.randomNonce(),
      codeVerifier: lib.randomPKCECodeVerifier(),
    };
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      code_challenge: await lib.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
      // The development provider asks who you are every time, so a shared machine can switch user.
      ...(this.config.web.signIn.kind === 'development' ? { prompt: 'login' } : {}),
    });
    return { url: url.href, attempt };
  }

  /** Exchanges the code the provider sent back for an ID token, and reads who signed in. */
  async finish(
    callbackPath: string,
    attempt: Omit<SignInAttempt, 'returnTo'>,
  ): Promise<{ principal: Principal; name: string; idToken: string | undefined }> {
    const { lib, config } = await this.connect();
    const tokens = await lib.authorizationCodeGrant(
      config,
      new URL(callbackPath, this.config.web.publicUrl),
      {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims();
    if (!claims) throw new InvalidTokenError('The identity provider sent no ID token.');
    const principal = principalFromClaims(claims, 'ID token');
    const name = typeof claims.name === 'string' ? claims.name : principal.userId;
    return { principal, name, idToken: tokens.id_token };
  }

  /** The provider's end-session address, when it has one, to sign out there too. */
  async endSessionUrl(idToken: string | undefined): Promise<string | null> {
    const { lib, config } = await this.connect();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return lib.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.signedOutUri,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  private connect() {
    const signIn = this.config.web.signIn;
    if (signIn.kind === 'off') return Promise.reject(new SignInUnavailable());
    this.client ??= (async () => {
      const lib = await import('openid-client');
      const { issuer, clientId, clientSecret } =
        signIn.kind === 'external'
          ? signIn
          : {
              issuer: `${this.config.web.publicUrl}${DEV_IDENTITY_PROVIDER_PATH}`,
              clientId: DEV_CLIENT_ID,
              clientSecret: devClientSecret(this.config),
            };
      const config = await lib.discovery(new URL(issuer), clientId, clientSecret, undefined, {
        // Plain http only for a provider on this machine (the development provider).
        execute: new URL(issuer).protocol === 'http:' ? [lib.allowInsecureRequests] : [],
      });
      return { lib, config };
    })();
    // A provider that was down is asked again on the next sign-in.
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }
}
