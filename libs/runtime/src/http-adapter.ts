import { BadRequestException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { isCommandOutcome } from '@bulwark/event-store';
import type { ServerResponse } from 'node:http';

/** The largest body a service takes (a whole college's roster CSV fits with room to spare). */
export const BODY_LIMIT_BYTES = 20 * 1024 * 1024;

/** Either side of a response as Nest hands it to the adapter: Fastify's reply or Node's. */
type AnyResponse = Parameters<FastifyAdapter['reply']>[0];

/**
 * Fastify, as every service answers HTTP: its routing, body reading and response writing cost
 * a check-in less than Express's middleware chain did in the morning burst. A route may return
 * a command's outcome as it is: the client gets the command's answer, and a repeated
 * Idempotency-Key is marked with `Idempotent-Replayed: true` so it can tell. Done here, where
 * every answer is written, and not in a global interceptor: Nest runs each interceptor through
 * rxjs and async-hooks plumbing on every request.
 */
export class ServiceHttpAdapter extends FastifyAdapter {
  constructor() {
    super({
      bodyLimit: BODY_LIMIT_BYTES,
      // As Express routed: `/health/` is `/health`.
      routerOptions: { ignoreTrailingSlash: true },
    });
    this.readBodies();
  }

  /**
   * The bodies the services take, read as Express's parsers read them (so clients see the same
   * answers): JSON objects and arrays (an empty body is `{}`, anything else a 400), and text for
   * imports (`text/csv`, `text/plain`). Any other body is left unread: the route sees none, and
   * its own checks answer, where Fastify would answer 415.
   */
  private readBodies(): void {
    const fastify = this.getInstance();
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(new BadRequestException((error as Error).message), undefined);
      }
    });
    fastify.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string' },
      (_, body, done) => done(null, body),
    );
    fastify.addContentTypeParser('*', (_, __, done) => done(null, undefined));
  }

  override reply(response: AnyResponse, body: unknown, statusCode?: number) {
    if (isCommandOutcome(body)) {
      if (body.repeated) replayed(response);
      return super.reply(response, body.result, statusCode);
    }
    return super.reply(response, body, statusCode);
  }
}

function replayed(response: AnyResponse): void {
  if ('header' in response) response.header('Idempotent-Replayed', 'true');
  else (response as ServerResponse).setHeader('Idempotent-Replayed', 'true');
}

/** JSON as Express's strict parser takes it: an object or an array; an empty body is `{}`. */
function parseJsonBody(body: string): unknown {
  const first = /\S/.exec(body)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') {
    throw new SyntaxError(`Unexpected token '${first}', "${body.slice(0, 10)}" is not valid JSON`);
  }
  return JSON.parse(body);
}
