import { Module } from '@nestjs/common';
import { RelocationCommands } from './relocation-commands';
import { RelocationsController } from './relocations.controller';

/** The emergency move of many rooms, all or nothing. */
@Module({
  controllers: [RelocationsController],
  providers: [RelocationCommands],
})
export class RelocationsModule {}
