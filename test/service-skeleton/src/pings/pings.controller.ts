import { Body, Controller, Post } from '@nestjs/common';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { IsString } from 'class-validator';
import { PingCommands } from './ping.commands';

class PingDto {
  @IsString()
  label!: string;
}

@Controller('pings')
export class PingsController {
  constructor(private readonly commands: PingCommands) {}

  @Post()
  @Authorize('student-affairs')
  ping(
    @Body() dto: PingDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.ping(dto.label, actor, key);
  }
}
