import { Module } from '@nestjs/common';
import { RosterImportCommands } from './roster-import-commands';
import { RosterImportsController } from './roster-imports.controller';

/** A school's roster file, every bad row reported with its line. */
@Module({
  controllers: [RosterImportsController],
  providers: [RosterImportCommands],
})
export class RosterImportModule {}
