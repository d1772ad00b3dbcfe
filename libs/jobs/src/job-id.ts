import type { Backoff } from './scheduler.port';

export class InvalidJobId extends Error {
  constructor(id: string, why: string) {
    super(`Job id ${JSON.stringify(id)} is not usable: ${why}`);
    this.name = 'InvalidJobId';
  }
}

/**
 * Both adapters accept the same ids, so a process manager that works on the embedded default
 * works on Redis too. BullMQ uses ':' to build Redis keys and refuses integer-looking custom ids
 * (they collide with its own counter).
 */
export function assertValidJobId(id: string): void {
  if (id.length === 0) throw new InvalidJobId(id, 'it is empty');
  if (id.includes(':')) throw new InvalidJobId(id, "it contains ':'");
  if (/^-?\d+$/.test(id)) throw new InvalidJobId(id, 'it is a bare integer');
}

/** Delay before attempt `attemptsMade + 1`, the same formula as BullMQ's built-in strategies. */
export function backoffDelayMs(backoff: Backoff, attemptsMade: number): number {
  if (backoff.type === 'fixed') return backoff.delayMs;
  return Math.round(2 ** Math.max(attemptsMade - 1, 0) * backoff.delayMs);
}
