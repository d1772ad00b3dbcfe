/**
 * The rate limits' counts, one fixed window per user or address: a count and the window's end, so
 * a request costs the same however many came before it in the window. @nestjs/throttler's own
 * in-memory store keeps every hit's expiry and filters the whole list on each request, which made
 * a busy process slower the longer it ran (the journey query fell from about 1,150 to 700
 * requests/s within one bench:api run). A fixed window lets at most twice the limit through across
 * a window boundary; the limits are generous ceilings against floods, not quotas, so that is fine.
 */
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

@Injectable()
export class FixedWindowRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    this.sweep = setInterval(() => this.evictEnded(), sweepEveryMs);
    this.sweep.unref();
  }

  /** How many windows are held (ended ones go at the next sweep). */
  get size(): number {
    return this.windows.size;
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (window && window.blockedUntil > now) return Promise.resolve(this.record(window, now));
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    window.hits += 1;
    if (window.hits > limit) window.blockedUntil = now + blockDuration;
    return Promise.resolve(this.record(window, now));
  }

  evictEnded(now = this.now()): void {
    for (const [id, window] of this.windows)
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  private record(window: Window, now: number) {
    const blocked = window.blockedUntil > now;
    return {
      totalHits: window.hits,
      timeToExpire: seconds(window.endsAt - now),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? seconds(window.blockedUntil - now) : 0,
    };
  }
}
