import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidTokenError, TokenService } from './token-service';

/** Production verification: tokens from an identity provider, checked against its JWKS over HTTP. */
describe('bearer tokens from an identity provider (JWKS)', () => {
  let server: http.Server;
  let sign: (claims: Record<string, unknown>, issuer?: string) => Promise<string>;
  let tokens: TokenService;
  const issuer = 'https://login.example.test/tenant/v2.0';
  const audience = 'api://attendance-casework';

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
    tokens = new TokenService({ kind: 'jwks', jwksUrl, issuer, audience });
    sign = (claims, iss = issuer) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setSubject('user-42')
        .setIssuer(iss)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(privateKey);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token signed by the provider, reading the role from a roles claim', async () => {
    await expect(
      tokens.verify(await sign({ roles: ['panel-chair'], schools: ['school-9'] })),
    ).resolves.toEqual({ userId: 'user-42', role: 'panel-chair', schoolIds: ['school-9'] });
  });

  it('refuses a token from another issuer', async () => {
    await expect(
      tokens.verify(await sign({ role: 'auditor' }, 'https://evil.example.test/')),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('does not issue tokens itself in this configuration', async () => {
    await expect(tokens.issue({ sub: 'x', role: 'auditor' })).rejects.toThrow(/identity provider/);
  });
});
