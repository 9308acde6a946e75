import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { RelocateRoomsDto } from './relocation.dto';
import { RelocationCommands } from './relocation-commands';

@ApiTags('relocations')
@ApiBearerAuth()
@Controller('relocations')
export class RelocationsController {
  constructor(private readonly commands: RelocationCommands) {}

  @Post()
  @Authorize('student-affairs')
  @ApiOperation({
    summary: 'Relocate many rooms in one command, all or nothing (the 200+ room emergency move)',
  })
  async relocate(
    @Body() dto: RelocateRoomsDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.relocate(dto, actor, key);
  }
}
