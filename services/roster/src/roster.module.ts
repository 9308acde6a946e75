import { DynamicModule, Module } from '@nestjs/common';
import { eventStoreMigrations } from '@bulwark/event-store';
import { RuntimeModule, ServiceConfig } from '@bulwark/runtime';
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
          ...(auth === undefined ? {} : { auth }),
          migrations: [...eventStoreMigrations, ...rosterMigrations],
          projections: [UnitsProjection, StudentsProjection],
        }),
        UnitsModule,
        StudentsModule,
        HeadCountsModule,
        RelocationsModule,
        RosterImportModule,
      ],
    };
  }
}
