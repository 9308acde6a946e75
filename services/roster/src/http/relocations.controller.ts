import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import type { Response } from 'express';
import { RosterCommands } from '../commands/roster-commands';
import { RelocateRoomsDto } from './dto/relocation.dto';
import { reply } from './replies';

@ApiTags('relocations')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'a repeat returns the first answer',
})
@Controller('relocations')
export class RelocationsController {
  constructor(private readonly commands: RosterCommands) {}

  @Post()
  @Authorize('student-affairs')
  @ApiOperation({
    summary: 'Relocate many rooms in one command, all or nothing (the 200+ room emergency move)',
  })
  async relocate(
    @Body() dto: RelocateRoomsDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return reply(res, await this.commands.relocate(dto, actor, key));
  }
}
