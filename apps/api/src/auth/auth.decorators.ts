import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Capability, Principal } from '@app/application';

export const PUBLIC_KEY = 'auth:public';
export const CAPABILITY_KEY = 'auth:capability';

/** No token needed (liveness, readiness, API docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The capability an endpoint needs (libs/application/src/auth/access-policy.ts). */
export const RequireCapability = (capability: Capability) =>
  SetMetadata(CAPABILITY_KEY, capability);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!request.principal) throw new Error('CurrentPrincipal used on a public endpoint');
    return request.principal;
  },
);
