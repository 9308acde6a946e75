import { APP_FILTER } from '@nestjs/core';
import { AuthModule, type AuthModuleOptions } from '@bulwark/auth';
import { HealthController } from './health.controller';
import { HttpReady } from './http-ready';
import { MetricsController } from './metrics.controller';
import { RejectionFilter } from './rejection.filter';
import type { RuntimePart } from './runtime-part';

export interface HttpEdgeOptions {
  /** Token verification; from the environment when omitted. */
  auth?: AuthModuleOptions | undefined;
}

/**
 * The HTTP edge: the global JWT guard, a decider's Rejection as the HTTP answer, `/health`
 * and `/metrics`. Validation, OpenAPI and Fastify come with `createServiceApp`. No tables.
 */
export function httpEdge(options: HttpEdgeOptions = {}): RuntimePart {
  return {
    name: 'http-edge',
    migrations: [],
    imports: [AuthModule.forRoot(options.auth)],
    controllers: [HealthController, MetricsController],
    providers: [{ provide: APP_FILTER, useClass: RejectionFilter }, HttpReady],
  };
}
