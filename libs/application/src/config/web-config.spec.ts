import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration of the web front end', () => {
  it('signs people in with the development provider on the embedded default, at the address it listens on', () => {
    const config = loadConfig({ PORT: '4000' }, '/srv/app');
    expect(config.web).toEqual({
      pages: true,
      publicUrl: 'http://127.0.0.1:4000',
      signIn: { kind: 'development' },
      sessionSecret: { kind: 'file', file: path.join('/srv/app/data', 'web-session-secret') },
      sessionHours: 8,
    });
  });

  it("signs people in at the LA's identity provider when OIDC_ISSUER and its client are set", () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.gov.uk/tenant/v2.0',
      OIDC_CLIENT_ID: 'casework',
      OIDC_CLIENT_SECRET: 'a-secret',
      WEB_PUBLIC_URL: 'https://casework.example.gov.uk/',
      WEB_SESSION_SECRET: 'x'.repeat(32),
    });
    expect(config.web.signIn).toEqual({
      kind: 'external',
      issuer: 'https://login.example.gov.uk/tenant/v2.0',
      clientId: 'casework',
      clientSecret: 'a-secret',
    });
    expect(config.web.publicUrl).toBe('https://casework.example.gov.uk');
    expect(config.web.sessionSecret).toEqual({ kind: 'env', value: 'x'.repeat(32) });
  });

  it('serves the API alone with WEB_PAGES=false, and refuses a value that is not true or false', () => {
    expect(loadConfig({ WEB_PAGES: 'false' }).web.pages).toBe(false);
    expect(() => loadConfig({ WEB_PAGES: 'no' })).toThrow(
      new ConfigError('WEB_PAGES', 'must be true or false (got "no").'),
    );
  });

  it('never runs the development provider when bearer tokens come from an identity provider', () => {
    const config = loadConfig({
      AUTH_JWKS_URL: 'https://login.example.gov.uk/keys',
      AUTH_ISSUER: 'https://login.example.gov.uk',
    });
    expect(config.web.signIn).toEqual({ kind: 'off' });
  });

  it.each([
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'c' }, 'OIDC_CLIENT_SECRET'],
    [{ OIDC_ISSUER: 'ftp://idp.example' }, 'OIDC_ISSUER'],
    [{ WEB_PUBLIC_URL: 'casework.example' }, 'WEB_PUBLIC_URL'],
    [{ WEB_SESSION_SECRET: 'too-short' }, 'WEB_SESSION_SECRET'],
    [{ WEB_SESSION_HOURS: '48' }, 'WEB_SESSION_HOURS'],
  ])('stops start-up naming the variable for %p', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
