import 'reflect-metadata';
import {
  Controller,
  Get,
  Module,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { Actor } from './actor';
import { AuthModule } from './auth.module';
import { Authorize } from './authorize.decorator';
import { CurrentActor } from './current-actor.decorator';
import { mintToken } from './mint-token';
import { Public } from './public.decorator';
import { assertCoversUnit } from './unit-scope';

const SECRET = 'module-secret';

@Controller()
class HealthController {
  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Controller('classes')
class ClassRosterController {
  @Authorize('student-affairs', 'counsellor')
  @Get(':code/roster')
  roster(@CurrentActor() actor: Actor): { readBy: string } {
    // What a service does after loading the class's ancestry.
    assertCoversUnit(actor, ['univ', 'sem', 'sem-2021', 'sem-2021-1'], 'read the roster');
    return { readBy: actor.id };
  }

  @Authorize('prevention-office')
  @Get('summary')
  summary(): string {
    return 'summary';
  }

  @Get('forgotten')
  forgotten(): string {
    return 'should never be served';
  }
}

function token(roles: Parameters<typeof mintToken>[0]['roles'], scopes: string[]): string {
  return mintToken({ sub: 'c-042', name: 'Li Wei', roles, scopes }, { secret: SECRET });
}

async function startApp(
  imports: NonNullable<ModuleMetadata['imports']>,
): Promise<INestApplication> {
  @Module({ imports, controllers: [HealthController, ClassRosterController] })
  class RosterModule {}
  // abortOnError off: a failed startup must reject here, not exit the test process. On
  // Fastify, as every service answers HTTP.
  const app = await NestFactory.create<NestFastifyApplication>(RosterModule, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('AuthModule in a Nest app', () => {
  describe('configured from the environment', () => {
    let app: INestApplication;
    const saved = process.env.JWT_SECRET;

    beforeAll(async () => {
      process.env.JWT_SECRET = SECRET;
      app = await startApp([AuthModule]);
    });

    afterAll(async () => {
      await app.close();
      if (saved === undefined) delete process.env.JWT_SECRET;
      else process.env.JWT_SECRET = saved;
    });

    it('serves @Public() routes to anyone', async () => {
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    });

    it('answers 401 without a token, and with a bad one', async () => {
      const missing = await request(app.getHttpServer()).get('/classes/sem-2021-1/roster');
      expect(missing.status).toBe(401);
      expect(missing.body.message).toMatch(/missing bearer token/);

      const bad = await request(app.getHttpServer())
        .get('/classes/sem-2021-1/roster')
        .set('Authorization', 'Bearer not.a.jwt');
      expect(bad.status).toBe(401);
    });

    it('hands the verified actor to the handler', async () => {
      await request(app.getHttpServer())
        .get('/classes/sem-2021-1/roster')
        .set('Authorization', `Bearer ${token(['counsellor'], ['sem'])}`)
        .expect(200, { readBy: 'c-042' });
    });

    it('answers 403 when the unit is outside the actor scopes', async () => {
      const response = await request(app.getHttpServer())
        .get('/classes/sem-2021-1/roster')
        .set('Authorization', `Bearer ${token(['counsellor'], ['law'])}`);
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/unit sem-2021-1 .* \(law\)/);
    });

    it('answers 403 when the actor lacks the role', async () => {
      const response = await request(app.getHttpServer())
        .get('/classes/summary')
        .set('Authorization', `Bearer ${token(['counsellor'], ['*'])}`);
      expect(response.status).toBe(403);
      expect(response.body.message).toBe('requires one of roles: prevention-office');
    });

    it('refuses a route nobody declared roles for, whoever calls it', async () => {
      const response = await request(app.getHttpServer())
        .get('/classes/forgotten')
        .set('Authorization', `Bearer ${token(['prevention-office', 'ops'], ['*'])}`);
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/declares no @Authorize/);
    });
  });

  describe('configured with forRoot()', () => {
    const saved = { secret: process.env.JWT_SECRET, key: process.env.JWT_PUBLIC_KEY };

    beforeEach(() => {
      delete process.env.JWT_SECRET;
      delete process.env.JWT_PUBLIC_KEY;
    });

    afterAll(() => {
      if (saved.secret !== undefined) process.env.JWT_SECRET = saved.secret;
      if (saved.key !== undefined) process.env.JWT_PUBLIC_KEY = saved.key;
    });

    it('verifies with the given secret and issuer, ignoring an empty environment', async () => {
      const app = await startApp([AuthModule.forRoot({ secret: SECRET, issuer: 'bulwark-idp' })]);
      try {
        const issued = mintToken(
          { sub: 'sa-1', name: 'SA', roles: ['prevention-office'], scopes: ['*'] },
          { secret: SECRET, issuer: 'bulwark-idp' },
        );
        await request(app.getHttpServer())
          .get('/classes/summary')
          .set('Authorization', `Bearer ${issued}`)
          .expect(200);
        await request(app.getHttpServer())
          .get('/classes/summary')
          .set('Authorization', `Bearer ${token(['prevention-office'], ['*'])}`)
          .expect(401);
      } finally {
        await app.close();
      }
    });

    it('fails startup clearly when no key is configured anywhere', async () => {
      await expect(startApp([AuthModule])).rejects.toThrow(/JWT verification is not configured/);
    });
  });
});
