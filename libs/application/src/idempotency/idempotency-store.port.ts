/**
 * `Idempotency-Key` on any command (architecture.md, "Command path"): a repeated key returns the
 * first response and appends nothing. Keys are scoped to the caller, and bound to the request they
 * first came with: the same key on a different request is refused rather than silently answered.
 */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type IdempotencyClaim =
  /** First time this key is seen: go ahead, then `complete` or `release`. */
  | { state: 'claimed' }
  /** Seen and finished: replay this response. */
  | { state: 'completed'; response: StoredResponse }
  /** Another request with this key is still running. */
  | { state: 'in-progress' }
  /** The key was first used for a different request. */
  | { state: 'mismatch' };

export interface IdempotencyStore {
  claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Forget a claim whose request failed in a way worth retrying (a 5xx). */
  release(scope: string, key: string): Promise<void>;
  close(): Promise<void>;
}

/** How long a key is remembered: a day covers any client's retry policy. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim older than this whose request never finished (the process died) may be taken again
 * (default of IDEMPOTENCY_IN_PROGRESS_MS).
 */
export const IN_PROGRESS_TTL_MS = 60 * 1000;
