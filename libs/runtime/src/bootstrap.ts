import { INestApplication, Logger, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JetStreamServer, type JetStreamServerOptions } from '@bulwark/messaging';
import type { ServiceConfig } from './config';
import { ServiceHttpAdapter } from './http-adapter';
import { validationPipe } from './validation';

/**
 * Builds a service's HTTP app: validation, command outcomes as answers, OpenAPI at /docs,
 * graceful shutdown.
 */
export async function createServiceApp(
  module: Type<unknown> | ReturnType<() => unknown>,
  title: string,
  description: string,
  logLevels: LogLevel[] = logLevelsFromEnv(),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module as Type<unknown>,
    new ServiceHttpAdapter(),
    // The adapter reads the bodies the services take (JSON, and text for imports); not Nest's
    // parsers as well (nor form bodies).
    { logger: logLevels, bodyParser: false },
  );
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setDescription(description).addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}

/**
 * Starts the service's event consumers: its `@EventPattern('bulwark.<context>.<Type>')`
 * handlers run on JetStream durable pull consumers named `<service>-<context>` (one per
 * context listened to), in the service's NATS namespace. Call after the app is created and
 * before `listen` (or `init` in tests); `app.close()` stops them before the database closes.
 */
export async function startConsumers(
  app: INestApplication,
  config: ServiceConfig,
  service: string,
  options: Partial<
    Omit<JetStreamServerOptions, 'servers' | 'ns' | 'service' | 'streamReplicas'>
  > = {},
): Promise<JetStreamServer> {
  const server = new JetStreamServer({
    ...options,
    servers: config.natsUrl,
    ns: { prefix: config.natsPrefix },
    service,
    streamReplicas: config.streamReplicas,
  });
  app.connectMicroservice({ strategy: server });
  await app.startAllMicroservices();
  return server;
}

export async function listen(app: INestApplication, port: number, name: string): Promise<void> {
  await app.listen(port);
  new Logger(name).log(
    `listening on :${port} (docs at /docs, health at /health, metrics at /metrics)`,
  );
}

function logLevelsFromEnv(): LogLevel[] {
  const all: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const wanted = (process.env.LOG_LEVEL ?? 'log') as LogLevel;
  const i = all.indexOf(wanted);
  return all.slice(0, i < 0 ? 4 : i + 1);
}
