import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { InvalidTokenError, localSecret, TokenService } from './token-service';

describe('bearer tokens in the embedded default', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
  const config = {
    kind: 'local' as const,
    secretFile: path.join(dir, 'secret'),
    issuer: 'attendance-casework-local',
    audience: 'attendance-casework',
  };
  const tokens = new TokenService(config);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a token it issued and reads who is calling from it', async () => {
    const token = await tokens.issue({
      sub: 'worker-7',
      role: 'link-worker',
      schools: ['school-1'],
    });
    await expect(tokens.verify(token)).resolves.toEqual({
      userId: 'worker-7',
      role: 'link-worker',
      schoolIds: ['school-1'],
    });
  });

  it('keeps the secret between restarts, so tokens stay valid', async () => {
    const token = await tokens.issue({ sub: 'worker-7', role: 'auditor' });
    await expect(new TokenService(config).verify(token)).resolves.toMatchObject({
      role: 'auditor',
    });
  });

  it('creates the secret readable by its owner only', () => {
    expect(fs.statSync(config.secretFile).mode & 0o077).toBe(0);
  });

  it('refuses a token signed with another key', async () => {
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
    await expect(tokens.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt(Math.floor(new Date('2020-01-01').getTime() / 1000))
      .setExpirationTime(Math.floor(new Date('2020-01-02').getTime() / 1000))
      .sign(localSecret(config.secretFile));
    await expect(tokens.verify(expired)).rejects.toThrow(/not valid/);
  });

  it('refuses a token without a recognised role', async () => {
    const token = await new SignJWT({ role: 'headteacher' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('1h')
      .sign(localSecret(config.secretFile));
    await expect(tokens.verify(token)).rejects.toThrow(/no recognised role/);
  });

  it('refuses a token meant for another audience', async () => {
    const other = new TokenService({ ...config, audience: 'another-service' });
    await expect(
      tokens.verify(await other.issue({ sub: 'a', role: 'auditor' })),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });

  const signed = (build: (jwt: SignJWT) => SignJWT) =>
    build(
      new SignJWT({ role: 'auditor' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('someone')
        .setIssuer(config.issuer)
        .setAudience(config.audience),
    ).sign(localSecret(config.secretFile));

  it('refuses a token that never expires', async () => {
    const forever = await signed((jwt) => jwt.setIssuedAt());
    await expect(tokens.verify(forever)).rejects.toThrow(/no expiry/);
  });

  it('refuses a token issued for longer than the configured lifetime', async () => {
    const shortLived = new TokenService({ ...config, maxTokenLifetimeSeconds: 3600 });
    const tooLong = await signed((jwt) => jwt.setIssuedAt().setExpirationTime('2h'));
    await expect(shortLived.verify(tooLong)).rejects.toThrow(/longer than this service accepts/);
    const withoutIssuedAt = await signed((jwt) => jwt.setExpirationTime('30d'));
    await expect(shortLived.verify(withoutIssuedAt)).rejects.toThrow(/longer than/);
  });

  it('accepts a token within the configured lifetime', async () => {
    const shortLived = new TokenService({ ...config, maxTokenLifetimeSeconds: 3600 });
    const hour = await signed((jwt) => jwt.setIssuedAt().setExpirationTime('1h'));
    await expect(shortLived.verify(hour)).resolves.toMatchObject({ role: 'auditor' });
  });
});
