import type { INestApplication } from '@nestjs/common';

/**
 * Express defaults reporting does without: an ETag (a SHA-1 of every response body, for
 * conditional GETs no client of this bearer-token JSON API makes; it was a tenth of the
 * cost of a check-in in the morning burst) and the x-powered-by header.
 */
export function leanHttp(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as {
    set(setting: string, value: unknown): void;
    disable(setting: string): void;
  };
  express.set('etag', false);
  express.disable('x-powered-by');
}
