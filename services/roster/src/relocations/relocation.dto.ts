import { ApiProperty } from '@nestjs/swagger';
import { roomPurposes, rosterPatterns, type RoomPurpose } from '@bulwark/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class RoomMoveDto {
  @ApiProperty()
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'fromRoomCode must be a unit code' })
  fromRoomCode!: string;
  @ApiProperty()
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'toRoomCode must be a unit code' })
  toRoomCode!: string;
}

export class RelocateRoomsDto {
  @ApiProperty({ example: 'emergency-2022-01-03' })
  @Matches(new RegExp(rosterPatterns.relocationId), {
    message: 'relocationId must be letters, digits, _ or -',
  })
  relocationId!: string;

  @ApiProperty({ example: 'free building 7 for logistics staff and the isolation reserve' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ enum: roomPurposes })
  @IsIn(roomPurposes)
  freedFor!: RoomPurpose;

  @ApiProperty({ type: [RoomMoveDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => RoomMoveDto)
  moves!: RoomMoveDto[];
}
