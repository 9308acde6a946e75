import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { followUpChannels, reportingTextLimits, type FollowUpChannel } from '@bulwark/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class FollowUpDto {
  @ApiProperty({ enum: followUpChannels })
  @IsIn(followUpChannels)
  channel!: FollowUpChannel;

  @ApiProperty({ description: 'was the student reached' })
  @IsBoolean()
  reached!: boolean;

  @ApiPropertyOptional({ description: 'the reason given for the missing check-in' })
  @IsOptional()
  @IsString()
  @MaxLength(reportingTextLimits.reason)
  reason?: string;
}
