/**
 * The development identity provider (`oidc-provider`), served by the api itself at /dev-oidc on
 * the embedded default, so sign-in works the way it will against the LA's provider (OpenID Connect,
 * code flow with PKCE) with nothing to set up. Its sign-in page is ours: a GOV.UK page listing the
 * development users (dev-users.ts). It never runs when an identity provider is configured.
 *
 * `oidc-provider` is an ES module: it is loaded on the first request to /dev-oidc.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DEV_IDENTITY_PROVIDER_PATH, localSecret } from '@app/application';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEV_USERS } from './dev-users';
import { nodeHttpOf, type WebHttpRequest, type WebHttpResponse } from './web-http';

type Request = IncomingMessage;
type Response = ServerResponse;

export const DEV_CLIENT_ID = 'attendance-casework-web';

/** The web client's secret at the development provider, derived from the session secret. */
export function devClientSecret(config: AppConfig): string {
  const secret = config.web.sessionSecret;
  const key = secret.kind === 'env' ? secret.value : localSecret(secret.file);
  return createHmac('sha256', key).update('dev-oidc-client').digest('base64url');
}

/** The parts of oidc-provider this file uses (it ships no types). */
interface Provider {
  callback(): (req: Request, res: Response) => void;
  interactionDetails(
    req: Request,
    res: Response,
  ): Promise<{ uid: string; params: Record<string, unknown>; prompt: { name: string } }>;
  interactionFinished(
    req: Request,
    res: Response,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (props: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
}

@Injectable()
export class DevIdentityProvider {
  private provider?: Promise<Provider>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.web.signIn.kind === 'development';
  }

  /**
   * Middleware for /dev-oidc on node's request and response (express's app.use, fastify's through
   * middie, both before any body is read: the provider reads its own): the provider's endpoints;
   * its sign-in pages fall through to Nest. The path is the one below the mount point on both.
   */
  middleware() {
    return (req: Request, res: Response, next: (error?: unknown) => void) => {
      if (!this.enabled || (req.url ?? '').startsWith('/interaction/')) return next();
      this.get().then(
        (provider) => provider.callback()(req, res),
        (error: unknown) => next(error),
      );
    };
  }

  async interaction(req: WebHttpRequest, res: WebHttpResponse) {
    const node = nodeHttpOf(req, res, { answers: false });
    return (await this.get()).interactionDetails(node.req, node.res);
  }

  /** Signs the chosen development user in and grants the web client what it asked for. */
  async signIn(req: WebHttpRequest, res: WebHttpResponse, accountId: string): Promise<void> {
    const provider = await this.get();
    const node = nodeHttpOf(req, res, { answers: true });
    const details = await provider.interactionDetails(node.req, node.res);
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      node.req,
      node.res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  private get(): Promise<Provider> {
    this.provider ??= this.create();
    return this.provider;
  }

  private async create(): Promise<Provider> {
    const { default: OidcProvider } = (await import('oidc-provider')) as unknown as {
      default: new (issuer: string, configuration: Record<string, unknown>) => Provider;
    };
    const publicUrl = this.config.web.publicUrl;
    // RS256, OpenID Connect's default, which clients expect unless told otherwise.
    const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'jwk',
    });
    return new OidcProvider(`${publicUrl}${DEV_IDENTITY_PROVIDER_PATH}`, {
      clients: [
        {
          client_id: DEV_CLIENT_ID,
          client_secret: devClientSecret(this.config),
          redirect_uris: [`${publicUrl}/sign-in/callback`],
          post_logout_redirect_uris: [`${publicUrl}/signed-out`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256' }] },
      cookies: { keys: [devClientSecret(this.config)] },
      pkce: { required: () => true },
      claims: { openid: ['sub'], profile: ['name', 'role', 'schools'] },
      // The ID token carries the claims, as the LA's provider is asked to send them.
      conformIdTokenClaims: false,
      // Signing out ends the session here; the development provider keeps no session worth ending.
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) =>
          `${DEV_IDENTITY_PROVIDER_PATH}/interaction/${interaction.uid}`,
      },
      findAccount: (_ctx: unknown, id: string) => {
        const user = DEV_USERS.find((u) => u.sub === id);
        if (!user) return undefined;
        return {
          accountId: user.sub,
          claims: () => ({
            sub: user.sub,
            name: user.name,
            role: user.role,
            schools: user.schools,
          }),
        };
      },
    });
  }
}
