import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { MigrationClass } from '@bulwark/event-store';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ServiceConfig } from './config';

/**
 * One piece a service process stands on, picked by the service: the HTTP edge, the event store
 * with its relay and projections, the consumers with their inbox. A part brings its Nest
 * providers and controllers, the migrations of the lib that owns its tables, and what it needs
 * on JetStream; the service lists only its own migrations.
 */
export interface RuntimePart {
  readonly name: string;
  /** The tables the part stands on, owned by its lib; run before the service's own. */
  readonly migrations: readonly MigrationClass[];
  readonly imports?: readonly DynamicModule[];
  readonly controllers?: readonly Type<unknown>[];
  readonly providers?: readonly Provider[];
  /** Creates or updates what the part needs on JetStream; run by the migrate command. */
  ensureStreams?(jsm: JetStreamManager, context: string, config: ServiceConfig): Promise<void>;
}

/** What a service process is made of: its context, the parts it picks, its own migrations. */
export interface ServiceRuntime {
  /** The bounded context: names the JetStream stream, subjects and metrics label. */
  readonly context: string;
  readonly parts: readonly RuntimePart[];
  /** The service's own migrations, run after its parts'. Never edit one once committed. */
  readonly migrations: readonly MigrationClass[];
}

/**
 * Every migration of a service's database, in order: each part's (as listed), then the
 * service's own. The one list both the Nest module and the migrate command use.
 */
export function runtimeMigrations(runtime: ServiceRuntime): MigrationClass[] {
  return [...runtime.parts.flatMap((p) => p.migrations), ...runtime.migrations];
}
