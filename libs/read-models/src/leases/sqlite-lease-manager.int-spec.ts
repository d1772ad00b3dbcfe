import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONTRACT_TTL_MS, describeLeaseManagerContract } from '../testing/lease-manager.contract';
import { SqliteLeaseManager } from './sqlite-lease-manager';

describeLeaseManagerContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leases-'));
  let now = 1_000_000;
  const leases = new SqliteLeaseManager({
    file: path.join(dir, 'read-models.db'),
    clock: () => now,
  });
  return {
    leases,
    expire: async () => {
      now += CONTRACT_TTL_MS + 1;
    },
    teardown: async () => {
      leases.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite leases across processes', () => {
  it('are seen by a second connection to the same file, as a second process would see them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leases-'));
    const file = path.join(dir, 'read-models.db');
    const api = new SqliteLeaseManager({ file });
    const cli = new SqliteLeaseManager({ file });
    try {
      await expect(api.acquire('projection:casework', 'api', 10_000)).resolves.toBe(true);
      await expect(cli.acquire('projection:casework', 'cli', 10_000)).resolves.toBe(false);
      await api.release('projection:casework', 'api');
      await expect(cli.acquire('projection:casework', 'cli', 10_000)).resolves.toBe(true);
    } finally {
      api.close();
      cli.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tell another connection who holds a lease, and nobody once it is released or expired', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leases-'));
    const file = path.join(dir, 'read-models.db');
    let now = 1_000_000;
    const worker = new SqliteLeaseManager({ file, clock: () => now });
    const observer = new SqliteLeaseManager({ file, clock: () => now });
    try {
      await expect(observer.holder('projection:tasks:p0')).resolves.toBeUndefined();
      await worker.acquire('projection:tasks:p0', 'host:42:a', 1_000);
      await worker.acquire('projection:tasks:p1', 'host:42:a', 1_000);
      await expect(observer.holder('projection:tasks:p0')).resolves.toBe('host:42:a');
      await worker.release('projection:tasks:p0', 'host:42:a');
      await expect(observer.holder('projection:tasks:p0')).resolves.toBeUndefined();
      now += 1_001;
      await expect(observer.holder('projection:tasks:p1')).resolves.toBeUndefined();
    } finally {
      worker.close();
      observer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
