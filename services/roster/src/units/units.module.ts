import { Module } from '@nestjs/common';
import { KnownClasses } from './known-classes';
import { UnitCommands } from './unit-commands';
import { UnitQueries } from './unit-queries';
import { UnitsController } from './units.controller';

/** Both hierarchies: units on either line, their staff, rooms and beds. */
@Module({
  controllers: [UnitsController],
  providers: [KnownClasses, UnitCommands, UnitQueries],
  // Enrolment reads the classes this process knows; the other slices read units to scope.
  exports: [KnownClasses, UnitQueries],
})
export class UnitsModule {}
