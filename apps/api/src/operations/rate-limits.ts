import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { AppConfig, Principal } from '@app/application';
import { FixedWindowRateLimitStorage } from './rate-limit-storage';

/**
 * Two limits per window (RATE_LIMIT_WINDOW_SECONDS): RATE_LIMIT_PER_IP requests from one client
 * address, checked before the token is (so unauthenticated floods are limited too), and
 * RATE_LIMIT_PER_PRINCIPAL from one signed-in user (token `sub`), checked after it, so a user is
 * limited wherever they connect from. Counts are kept per api process (in memory), one fixed
 * window per user or address.
 */
export const rateLimitOptions = (config: AppConfig): ThrottlerModuleOptions => {
  const { windowMs, perIp, perPrincipal } = config.operations.rateLimits;
  return {
    // One count per user or address across every endpoint (the default counts each route apart).
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers: [
      { name: 'ip', ttl: windowMs, limit: perIp },
      { name: 'principal', ttl: windowMs, limit: perPrincipal },
    ],
    // A count per window, not a list of every hit (rate-limit-storage.ts).
    storage: new FixedWindowRateLimitStorage(),
  };
};

type Req = { ip?: string; principal?: Principal };

abstract class RateLimitGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: 'ip' | 'principal';

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name !== this.throttlerName) return true;
    return super.handleRequest(props);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    const who = this.throttlerName === 'ip' ? 'this address' : 'your account';
    throw new HttpException(
      {
        type: 'urn:attendance-casework:problem:rate-limited',
        title: 'Too many requests',
        code: 'rate-limited',
        detail: `Too many requests from ${who}: at most ${detail.limit} every ${Math.round(detail.ttl / 1000)} seconds. Try again in ${seconds} seconds.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Before authentication: by client address (behind TRUST_PROXY_HOPS proxies, the forwarded one). */
@Injectable()
export class IpRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerName = 'ip';

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as Req).ip ?? 'unknown';
  }
}

/** After authentication: by the signed-in user; public endpoints (health) have none to count. */
@Injectable()
export class PrincipalRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerName = 'principal';

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<Req>().principal;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as Req).principal!.userId;
  }
}
