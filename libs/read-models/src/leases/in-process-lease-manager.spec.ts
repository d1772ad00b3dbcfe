import { CONTRACT_TTL_MS, describeLeaseManagerContract } from '../testing/lease-manager.contract';
import { InProcessLeaseManager } from './in-process-lease-manager';

describeLeaseManagerContract('In-process', async () => {
  let now = 0;
  return {
    leases: new InProcessLeaseManager(() => now),
    expire: async () => {
      now += CONTRACT_TTL_MS + 1;
    },
    teardown: async () => {},
  };
});
