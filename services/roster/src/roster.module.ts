import { DynamicModule, Module } from '@nestjs/common';
import { eventStoreMigrations } from '@bulwark/event-store';
import { RuntimeModule, ServiceConfig } from '@bulwark/runtime';
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

/** The roster service: both hierarchies and the students in them. */
@Module({})
export class RosterModule {
  static forRoot(config: ServiceConfig, auth?: AuthModuleOptions): DynamicModule {
    return {
      module: RosterModule,
      imports: [
        RuntimeModule.forService({
          context: ROSTER_CONTEXT,
          config,
          auth,
          migrations: [...eventStoreMigrations, ...rosterMigrations],
          projections: [RosterProjection],
        }),
      ],
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
