import type { LeaseManager } from '../leases/lease-manager.port';

export const CONTRACT_TTL_MS = 200;

/** One contract for every lease manager; `expire` makes every current lease run out. */
export function describeLeaseManagerContract(
  name: string,
  setup: () => Promise<{
    leases: LeaseManager;
    expire(): Promise<void>;
    teardown(): Promise<void>;
  }>,
) {
  describe(`${name} lease manager`, () => {
    let leases: LeaseManager;
    let expire: () => Promise<void>;
    let teardown: () => Promise<void>;
    const ttl = CONTRACT_TTL_MS;

    beforeEach(async () => ({ leases, expire, teardown } = await setup()));
    afterEach(async () => teardown());

    it('grants a free lease', async () => {
      await expect(leases.acquire('caseloads', 'worker-a', ttl)).resolves.toBe(true);
    });

    it('refuses a held lease to another worker', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await expect(leases.acquire('caseloads', 'worker-b', ttl)).resolves.toBe(false);
    });

    it('grants a held lease again to its owner', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await expect(leases.acquire('caseloads', 'worker-a', ttl)).resolves.toBe(true);
    });

    it('keeps different leases apart', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await expect(leases.acquire('panel-queue', 'worker-b', ttl)).resolves.toBe(true);
    });

    it('lets only the owner renew', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await expect(leases.renew('caseloads', 'worker-a', ttl)).resolves.toBe(true);
      await expect(leases.renew('caseloads', 'worker-b', ttl)).resolves.toBe(false);
    });

    it('hands a released lease to the next worker', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await leases.release('caseloads', 'worker-a');
      await expect(leases.acquire('caseloads', 'worker-b', ttl)).resolves.toBe(true);
    });

    it('ignores a release by a worker that does not hold the lease', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await leases.release('caseloads', 'worker-b');
      await expect(leases.acquire('caseloads', 'worker-b', ttl)).resolves.toBe(false);
    });

    it('hands an expired lease to another worker, and the old owner can no longer renew it', async () => {
      await leases.acquire('caseloads', 'worker-a', ttl);
      await expire();
      await expect(leases.acquire('caseloads', 'worker-b', ttl)).resolves.toBe(true);
      await expect(leases.renew('caseloads', 'worker-a', ttl)).resolves.toBe(false);
    });

    it('counts the workers alive in a group, each once, until they stop beating', async () => {
      await expect(leases.heartbeat('tasks', 'worker-a', ttl)).resolves.toBe(1);
      await expect(leases.heartbeat('tasks', 'worker-b', ttl)).resolves.toBe(2);
      await expect(leases.heartbeat('tasks', 'worker-a', ttl)).resolves.toBe(2);
      await expect(leases.heartbeat('casework', 'worker-c', ttl)).resolves.toBe(1);
      await expire();
      await expect(leases.heartbeat('tasks', 'worker-c', ttl)).resolves.toBe(1);
    });
  });
}
