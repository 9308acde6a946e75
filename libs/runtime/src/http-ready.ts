import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Fastify answers only once ready, which `listen` waits for itself. Readied here, when the app
 * starts and every route is in, so that `init` alone gives a server that answers too: tests
 * drive `app.getHttpServer()` without listening.
 */
@Injectable()
export class HttpReady implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.httpAdapter?.getInstance<{ ready?: () => PromiseLike<unknown> }>().ready?.();
  }
}
