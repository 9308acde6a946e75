import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor, type Role } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { NoticeCommands } from './notice.commands';
import { NoticeQueries } from './notice.queries';
import { notFound, READERS } from '../access';
import { PublishNoticeDto } from './notice.dto';

const PUBLISHERS: Role[] = [
  'counsellor',
  'league-secretary',
  'deputy-party-secretary',
  'party-secretary',
  'student-affairs',
  'prevention-office',
];

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(
    private readonly commands: NoticeCommands,
    private readonly queries: NoticeQueries,
  ) {}

  @Post()
  @Authorize(...PUBLISHERS)
  @ApiOperation({
    summary:
      'Publish a notice to units on either line (college, grade, class, community, building)',
  })
  async publish(
    @Body() dto: PublishNoticeDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.publish(dto, actor, key);
  }

  @Post(':noticeId/acknowledgements')
  @Authorize('student')
  @ApiOperation({ summary: 'A student acknowledges having read a notice addressed to them' })
  async acknowledge(
    @Param('noticeId') noticeId: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.acknowledge(noticeId, actor, key);
  }

  @Get(':noticeId')
  @Authorize(...READERS)
  @ApiOperation({
    summary:
      'A notice and its coverage: acknowledged / expected, per class and per building (within your scopes)',
  })
  async coverage(@Param('noticeId') noticeId: string, @CurrentActor() actor: Actor) {
    const coverage = await this.queries.noticeCoverage(noticeId, actor.scopes);
    if (!coverage) throw new NotFoundException(notFound(`no notice ${noticeId}`));
    return coverage;
  }

  @Get(':noticeId/unacknowledged')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Students in the audience (now) who have not acknowledged the notice' })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: '1..1000, 100 when omitted',
  })
  @ApiQuery({ name: 'offset', required: false, type: Number, description: '0 when omitted' })
  async unacknowledged(
    @Param('noticeId') noticeId: string,
    @CurrentActor() actor: Actor,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const page = await this.queries.unacknowledged(
      noticeId,
      actor.scopes,
      Math.min(Math.max(limit, 1), 1000),
      Math.max(offset, 0),
    );
    if (!page) throw new NotFoundException(notFound(`no notice ${noticeId}`));
    return page;
  }
}
