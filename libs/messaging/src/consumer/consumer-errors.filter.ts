import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter swaps an unknown error for "Internal server error". On an event
 * consumer the original error must reach the JetStream transport, which logs it, decides
 * between redelivery and dead letter, and records the reason. Put it on consumer controllers:
 * `@UseFilters(new ConsumerErrors())`.
 */
@Catch()
export class ConsumerErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
