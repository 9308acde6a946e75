/**
 * A decider's refusal of a command. Kinds map to HTTP statuses at the edge:
 * invalid -> 400, forbidden -> 403, not-found -> 404, conflict -> 409.
 */
export type RejectionKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

export class Rejection extends Error {
  constructor(
    readonly kind: RejectionKind,
    /** The offending input field (dotted path), when one field is to blame. */
    readonly field: string | null,
    message: string,
    /** Extra facts for the caller, e.g. a room and its occupancy. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Rejection';
  }

  static invalid(
    field: string | null,
    message: string,
    details?: Record<string, unknown>,
  ): Rejection {
    return new Rejection('invalid', field, message, details);
  }
  static forbidden(message: string, details?: Record<string, unknown>): Rejection {
    return new Rejection('forbidden', null, message, details);
  }
  static notFound(
    field: string | null,
    message: string,
    details?: Record<string, unknown>,
  ): Rejection {
    return new Rejection('not-found', field, message, details);
  }
  static conflict(
    field: string | null,
    message: string,
    details?: Record<string, unknown>,
  ): Rejection {
    return new Rejection('conflict', field, message, details);
  }
}
