import type { Actor } from './actor';

/** The slice of an HTTP request the guard reads and writes (Express or Fastify alike). */
export interface ActorRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Set by AuthGuard once the bearer token is verified; absent on @Public() routes. */
  actor?: Actor;
}
