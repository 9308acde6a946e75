/**
 * A bearer token we refuse to trust. Plain Error (not an HTTP exception) so the
 * verifier stays usable outside Nest; the guard turns it into a 401.
 */
export class TokenRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRejectedError';
  }
}
