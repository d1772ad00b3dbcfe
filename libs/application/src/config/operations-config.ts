/**
 * The settings a council's IT sets around the API (README, "Configuration"): which browser origins
 * may call it, how many requests a user and an address may make, how large a register upload may
 * be, and where Prometheus reads the metrics. Read and validated with the rest at start-up.
 */
import { ConfigError, type Env, port, present, wholeNumber } from './config';

export interface OperationsConfig {
  /** Browser origins allowed to call the API (CORS); none by default, so no CORS headers at all. */
  corsOrigins: string[];
  /** Proxies in front of the API whose X-Forwarded-For is believed, for the per-address limit. */
  trustProxyHops: number;
  rateLimits: {
    windowMs: number;
    /** Requests one signed-in user (token `sub`) may make per window. */
    perPrincipal: number;
    /** Requests one client address may make per window, signed in or not. */
    perIp: number;
  };
  /** The largest register file accepted, in bytes (413 beyond it). */
  maxRegisterUploadBytes: number;
  /** Prometheus metrics on a listener of their own; none when METRICS_PORT is unset. */
  metrics: { port: number; host: string } | undefined;
}

/** Defaults generous enough for a whole LA's staff and integrations behind one address. */
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;
export const DEFAULT_RATE_LIMIT_PER_PRINCIPAL = 60_000;
export const DEFAULT_RATE_LIMIT_PER_IP = 120_000;
/** A 220,000-pupil LA's week of registers is about 45 MB; 256 MiB leaves room for a term. */
export const DEFAULT_MAX_REGISTER_UPLOAD_BYTES = 256 * 1024 * 1024;

function origins(env: Env, name: string): string[] {
  const value = present(env, name);
  if (value === undefined) return [];
  return value.split(',').map((raw) => {
    const origin = raw.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin)
      throw new ConfigError(
        name,
        `must be a comma-separated list of origins such as https://casework.example.gov.uk, without paths or a trailing slash (got "${origin}"; "*" is not allowed).`,
      );
    return origin;
  });
}

export function operationsConfig(env: Env): OperationsConfig {
  const metricsPort = present(env, 'METRICS_PORT');
  return {
    corsOrigins: origins(env, 'CORS_ALLOWED_ORIGINS'),
    trustProxyHops: wholeNumber(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    rateLimits: {
      windowMs:
        wholeNumber(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMIT_WINDOW_SECONDS, 1, 3_600) *
        1000,
      perPrincipal: wholeNumber(
        env,
        'RATE_LIMIT_PER_PRINCIPAL',
        DEFAULT_RATE_LIMIT_PER_PRINCIPAL,
        1,
        10_000_000,
      ),
      perIp: wholeNumber(env, 'RATE_LIMIT_PER_IP', DEFAULT_RATE_LIMIT_PER_IP, 1, 10_000_000),
    },
    maxRegisterUploadBytes: wholeNumber(
      env,
      'IMPORT_MAX_BYTES',
      DEFAULT_MAX_REGISTER_UPLOAD_BYTES,
      1024,
      4 * 1024 * 1024 * 1024,
    ),
    metrics:
      metricsPort === undefined
        ? undefined
        : {
            port: port(env, 'METRICS_PORT', 0),
            host: present(env, 'METRICS_HOST') ?? '127.0.0.1',
          },
  };
}
