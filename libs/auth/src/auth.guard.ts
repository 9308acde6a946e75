import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { holdsAnyRole } from './actor';
import type { ActorRequest } from './actor-request';
import { AUTHORIZED_ROLES } from './authorize.decorator';
import { bearerToken } from './bearer-token';
import { JwtVerifier } from './jwt-verifier';
import { IS_PUBLIC } from './public.decorator';
import type { Role } from './roles';
import { TokenRejectedError } from './token-rejected.error';

/**
 * Global guard (APP_GUARD): every HTTP route needs a verified bearer token and
 * an @Authorize() declaration, unless it is @Public().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // Bus messages (JetStream, NATS request/reply) come from services, are
    // authenticated by NATS itself, and carry their actor in the envelope.
    if (context.getType() !== 'http') return true;

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<ActorRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new UnauthorizedException('missing bearer token: send "Authorization: Bearer <jwt>"');
    }
    try {
      request.actor = this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) throw new UnauthorizedException(error.message);
      throw error;
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(AUTHORIZED_ROLES, targets);
    if (!roles) {
      throw new ForbiddenException(
        'route declares no @Authorize(...) roles and is not @Public(): refused by default',
      );
    }
    if (!holdsAnyRole(request.actor, roles)) {
      throw new ForbiddenException(`requires one of roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
