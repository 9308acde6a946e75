import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';
import type { ActorRequest } from './actor-request';

/** The Actor AuthGuard verified for this request. */
export function actorOf(context: ExecutionContext): Actor {
  const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
  // Only a @Public() route (or a missing AuthGuard) gets here without an actor: a wiring bug, so fail loudly.
  if (!actor) {
    throw new Error('@CurrentActor(): no verified actor on this request (is the route @Public()?)');
  }
  return actor;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  actorOf(context),
);
