import { DynamicModule, Module } from '@nestjs/common';
import {
  eventStore,
  httpEdge,
  RuntimeModule,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import type { AuthModuleOptions } from '@bulwark/auth';
import { RosterCommands } from './commands/roster-commands';
import { RosterImport } from './commands/roster-import';
import { RelocationsController } from './http/relocations.controller';
import { RosterImportsController } from './http/roster-imports.controller';
import { StudentsController } from './http/students.controller';
import { UnitsController } from './http/units.controller';
import { rosterMigrations } from './migrations';
import { RosterProjection } from './read-model/roster-projection';
import { RosterQueries } from './read-model/roster-queries';

export const ROSTER_CONTEXT = 'roster';

/** What roster stands on: the HTTP edge and its event store; used by the module and migrate. */
export function rosterRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return {
    context: ROSTER_CONTEXT,
    parts: [httpEdge({ auth }), eventStore({ projections: [RosterProjection] })],
    migrations: rosterMigrations,
  };
}

/** The roster service: both hierarchies and the students in them. */
@Module({})
export class RosterModule {
  static forRoot(config: ServiceConfig, auth?: AuthModuleOptions): DynamicModule {
    return {
      module: RosterModule,
      imports: [RuntimeModule.forService(rosterRuntime(auth), config)],
      controllers: [
        UnitsController,
        StudentsController,
        RelocationsController,
        RosterImportsController,
      ],
      providers: [RosterCommands, RosterImport, RosterQueries],
    };
  }
}
