import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { isCommandOutcome } from '@bulwark/event-store';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

/**
 * A route may return a command's outcome as it is: the client gets the command's answer, and
 * a repeated Idempotency-Key is marked with `Idempotent-Replayed: true` so it can tell.
 */
@Injectable()
export class CommandOutcomeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      map((value: unknown) => {
        if (!isCommandOutcome(value)) return value;
        if (value.repeated)
          ctx.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
        return value.result;
      }),
    );
  }
}
