import type { ExecutionContext } from '@nestjs/common';
import type { ActorRequest } from '../actor-request';

/** Just enough of an ExecutionContext for AuthGuard: a handler, its class, one HTTP request. */
export function httpContext(
  controller: new (...args: never[]) => object,
  handlerName: string,
  request: ActorRequest,
  type: 'http' | 'rpc' = 'http',
): ExecutionContext {
  const handler = (controller.prototype as Record<string, () => unknown>)[handlerName];
  return {
    getType: () => type,
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({}),
      getNext: () => () => undefined,
    }),
  } as unknown as ExecutionContext;
}
