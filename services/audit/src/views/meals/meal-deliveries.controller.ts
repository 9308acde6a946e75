import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Authorize } from '@bulwark/auth';
import { AsOfQuery, asOfOf, DAY } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { mealDeliveries } from './meal-deliveries.queries';

export class DayRangeQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'first day (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'last day (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to?: string;
}

/** Meals delivered and failed. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class MealDeliveriesController {
  constructor(private readonly reads: ViewReads) {}

  @Get('meals/deliveries')
  @ApiOperation({ summary: 'Meals delivered and failed, per day and meal' })
  meals(@Query() q: DayRangeQuery) {
    return answer(mealDeliveries(this.reads, asOfOf(q), q));
  }
}
