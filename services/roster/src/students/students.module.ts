import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { StudentCommands } from './student-commands';
import { StudentQueries } from './student-queries';
import { StudentsController } from './students.controller';
import { UnitStudentsController } from './unit-students.controller';

/** Enrolment, moves, leaving and returning to campus, dietary need. */
@Module({
  imports: [UnitsModule],
  controllers: [StudentsController, UnitStudentsController],
  providers: [StudentCommands, StudentQueries],
})
export class StudentsModule {}
