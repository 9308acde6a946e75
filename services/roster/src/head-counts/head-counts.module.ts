import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { HeadCountQueries } from './head-count-queries';
import { HeadCountsController } from './head-counts.controller';

/** The dual-line check: both lines under a unit count the same students. */
@Module({
  imports: [UnitsModule],
  controllers: [HeadCountsController],
  providers: [HeadCountQueries],
})
export class HeadCountsModule {}
