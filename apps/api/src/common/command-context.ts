import { canAccessCase, CommandMetadata, KeyedRequest, Principal } from '@app/application';
import type { Request } from 'express';

/** Who is asking, and how this request relates to others, for event metadata. */
export function metadataOf(
  principal: Principal,
  request: Request & { id?: unknown; keyed?: KeyedRequest },
): CommandMetadata {
  const id = typeof request.id === 'string' ? request.id : 'unknown';
  return {
    actor: principal.userId,
    role: principal.role,
    correlationId: id,
    causationId: id,
    ...(request.keyed ? { keyed: request.keyed } : {}),
  };
}

export const accessFor = (principal: Principal) => (scope: Parameters<typeof canAccessCase>[1]) =>
  canAccessCase(principal, scope);
