import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { ViewQueries } from '../views/view-queries';
import { asOfOf, DayRangeQuery, MinutesQuery, TimeRangeQuery } from './queries.dto';
import { answer } from './view-errors';

/** Isolation occupancy, meals, volunteer minutes. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class CareController {
  constructor(private readonly views: ViewQueries) {}

  @Get('isolation/occupancy')
  @ApiOperation({ summary: 'Students in isolation over time, by kind of place' })
  occupancy(@Query() q: TimeRangeQuery) {
    return answer(this.views.isolationOccupancy(asOfOf(q), q));
  }

  @Get('meals/deliveries')
  @ApiOperation({ summary: 'Meals delivered and failed, per day and meal' })
  meals(@Query() q: DayRangeQuery) {
    return answer(this.views.mealDeliveries(asOfOf(q), q));
  }

  @Get('volunteers/minutes')
  @ApiOperation({ summary: 'Volunteer service minutes, per volunteer and team' })
  minutes(@Query() q: MinutesQuery) {
    return answer(this.views.volunteerMinutes(asOfOf(q), q));
  }
}
