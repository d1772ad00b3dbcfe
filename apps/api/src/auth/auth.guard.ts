import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Capability,
  DirectoryProvider,
  hasCapability,
  InvalidTokenError,
  Principal,
  TokenService,
} from '@app/application';
import { CAPABILITY_KEY, PUBLIC_KEY } from './auth.decorators';

/**
 * Every endpoint needs a valid bearer token (401 otherwise) and the capability it declares
 * (403 otherwise). An endpoint that declares no capability and is not public is refused: forgetting
 * to declare one must fail closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly directory: DirectoryProvider,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new UnauthorizedException({
        title: 'Unauthorized',
        detail: 'Send a bearer access token in the Authorization header.',
      });
    try {
      request.principal = await this.tokens.verify(match[1]);
      // A link worker's schools: those in their token and those an administrator allocated.
      if (request.principal.role === 'link-worker') {
        const allocated = await this.directory.allocatedSchools(request.principal.userId);
        request.principal = {
          ...request.principal,
          schoolIds: [...new Set([...request.principal.schoolIds, ...allocated])],
        };
      }
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new UnauthorizedException({ title: 'Unauthorized', detail: error.message });
      throw error;
    }

    const capability = this.reflector.getAllAndOverride<Capability | undefined>(
      CAPABILITY_KEY,
      targets,
    );
    if (!capability || !hasCapability(request.principal, capability)) {
      throw new ForbiddenException({
        title: 'Forbidden',
        detail: `Your role (${request.principal.role}) may not do this.`,
      });
    }
    return true;
  }
}
