import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by a handler for a message that can never succeed (unknown schema version, data
 * that breaks the contract): it goes straight to the dead-letter subject instead of being
 * redelivered. Extends RpcException so it survives Nest's exception layer intact.
 */
export class PoisonMessage extends RpcException {
  constructor(readonly reason: string) {
    super({ poison: true, reason });
  }
}

/** True for a PoisonMessage, whether it arrives as thrown or as Nest's RPC error payload. */
export function isPoison(error: unknown): error is { reason: string } {
  if (error instanceof PoisonMessage) return true;
  return (
    typeof error === 'object' && error !== null && (error as { poison?: unknown }).poison === true
  );
}
