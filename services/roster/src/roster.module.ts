import { DynamicModule, Module } from '@nestjs/common';
import {
  eventStore,
  httpEdge,
  RuntimeModule,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import type { AuthModuleOptions } from '@bulwark/auth';
import { HeadCountsModule } from './head-counts/head-counts.module';
import { rosterMigrations } from './migrations';
import { RelocationsModule } from './relocations/relocations.module';
import { RosterImportModule } from './roster-import/roster-import.module';
import { StudentsModule } from './students/students.module';
import { StudentsProjection } from './students/students.projection';
import { UnitsModule } from './units/units.module';
import { UnitsProjection } from './units/units.projection';

export const ROSTER_CONTEXT = 'roster';

/** What roster stands on: the HTTP edge and its event store; used by the module and migrate. */
export function rosterRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return {
    context: ROSTER_CONTEXT,
    parts: [httpEdge({ auth }), eventStore({ projections: [UnitsProjection, StudentsProjection] })],
    migrations: rosterMigrations,
  };
}

/** The roster service: both hierarchies and the students in them. */
@Module({})
export class RosterModule {
  static forRoot(config: ServiceConfig, auth?: AuthModuleOptions): DynamicModule {
    return {
      module: RosterModule,
      imports: [
        RuntimeModule.forService(rosterRuntime(auth), config),
        UnitsModule,
        StudentsModule,
        HeadCountsModule,
        RelocationsModule,
        RosterImportModule,
      ],
    };
  }
}
