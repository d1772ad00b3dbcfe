import { ConfigError, loadConfig } from './config';

describe('the operations configuration', () => {
  it('allows no browser origin, serves no metrics and limits generously when nothing is set', () => {
    expect(loadConfig({}).operations).toEqual({
      corsOrigins: [],
      trustProxyHops: 0,
      rateLimits: { windowMs: 60_000, perPrincipal: 60_000, perIp: 120_000 },
      maxRegisterUploadBytes: 256 * 1024 * 1024,
      metrics: undefined,
    });
  });

  it('reads an allow-list of origins, the limits, the upload size and where metrics are served', () => {
    const operations = loadConfig({
      CORS_ALLOWED_ORIGINS: 'https://casework.example.gov.uk, http://localhost:8080',
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      RATE_LIMIT_PER_PRINCIPAL: '100',
      RATE_LIMIT_PER_IP: '500',
      IMPORT_MAX_BYTES: '1048576',
      METRICS_PORT: '9464',
      METRICS_HOST: '0.0.0.0',
    }).operations;
    expect(operations).toEqual({
      corsOrigins: ['https://casework.example.gov.uk', 'http://localhost:8080'],
      trustProxyHops: 1,
      rateLimits: { windowMs: 10_000, perPrincipal: 100, perIp: 500 },
      maxRegisterUploadBytes: 1_048_576,
      metrics: { port: 9464, host: '0.0.0.0' },
    });
  });

  it.each([
    ['CORS_ALLOWED_ORIGINS', '*'],
    ['CORS_ALLOWED_ORIGINS', 'https://casework.example.gov.uk/'],
    ['CORS_ALLOWED_ORIGINS', 'casework.example.gov.uk'],
    ['CORS_ALLOWED_ORIGINS', 'ftp://files.example.gov.uk'],
    ['RATE_LIMIT_PER_PRINCIPAL', '0'],
    ['RATE_LIMIT_PER_IP', 'lots'],
    ['RATE_LIMIT_WINDOW_SECONDS', '86400'],
    ['TRUST_PROXY_HOPS', 'true'],
    ['IMPORT_MAX_BYTES', '100MB'],
    ['METRICS_PORT', 'ninety'],
  ])('stops at start-up, naming %s, on %j', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});
