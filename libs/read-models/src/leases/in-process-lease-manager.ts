import type { LeaseManager } from './lease-manager.port';

/** The embedded default: one process, so a map is the whole truth. */
export class InProcessLeaseManager implements LeaseManager {
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();
  private readonly groups = new Map<string, Map<string, number>>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  private holder(name: string): string | undefined {
    const lease = this.leases.get(name);
    return lease && lease.expiresAt > this.clock() ? lease.owner : undefined;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const holder = this.holder(name);
    if (holder !== undefined && holder !== owner) return false;
    this.leases.set(name, { owner, expiresAt: this.clock() + ttlMs });
    return true;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.holder(name) !== owner) return false;
    this.leases.set(name, { owner, expiresAt: this.clock() + ttlMs });
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.holder(name) === owner) this.leases.delete(name);
  }

  async heartbeat(group: string, owner: string, ttlMs: number): Promise<number> {
    const now = this.clock();
    const members = this.groups.get(group) ?? new Map<string, number>();
    this.groups.set(group, members);
    members.set(owner, now + ttlMs);
    for (const [member, expiresAt] of members) if (expiresAt <= now) members.delete(member);
    return members.size;
  }
}
