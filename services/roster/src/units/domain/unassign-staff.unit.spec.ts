import { given, type EventLike } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import { academicLine, event, residentialLine } from '../../test-support/roster-fixtures';
import { decideAssignStaff } from './assign-staff';
import { evolveUnit } from './evolve-unit';
import { decideUnassignStaff } from './unassign-staff';
import { initialUnitState } from './unit-state';

const classCode = 'sem-2020-ug-01';
const wang = event('StaffAssignedToUnit', {
  unitCode: classCode,
  staffId: 'T-1',
  staffName: '王老师',
  role: 'class-counsellor',
});
const theClass = (...more: EventLike[]) =>
  given(initialUnitState(classCode), evolveUnit, [academicLine.class, ...more]);
const college = (...more: EventLike[]) =>
  given(initialUnitState('sem'), evolveUnit, [academicLine.college, ...more]);
const onCollege = (staffId: string, role: 'league-secretary' | 'party-secretary') =>
  event('StaffAssignedToUnit', { unitCode: 'sem', staffId, staffName: 'Li', role });

describe('unassigning staff', () => {
  it('ends the assignment: who, which unit, which role', () => {
    const events = theClass(wang)
      .when((unit) => decideUnassignStaff({ unitCode: classCode, staffId: 'T-1' }, unit))
      .then([
        event('StaffUnassignedFromUnit', {
          unitCode: classCode,
          staffId: 'T-1',
          role: 'class-counsellor',
          replacedBy: null,
        }),
      ]);
    expectContractConformance(events);
    expect(theClass(wang, ...events).state).toMatchObject({ staff: [] });
  });

  it('ends only the role named, or every role held over the unit without one', () => {
    const both = [onCollege('T-9', 'league-secretary'), onCollege('T-9', 'party-secretary')];
    college(...both)
      .when((unit) =>
        decideUnassignStaff({ unitCode: 'sem', staffId: 'T-9', role: 'party-secretary' }, unit),
      )
      .then([
        event('StaffUnassignedFromUnit', {
          unitCode: 'sem',
          staffId: 'T-9',
          role: 'party-secretary',
          replacedBy: null,
        }),
      ]);
    const all = college(...both)
      .when((unit) => decideUnassignStaff({ unitCode: 'sem', staffId: 'T-9' }, unit))
      .then([
        event('StaffUnassignedFromUnit', {
          unitCode: 'sem',
          staffId: 'T-9',
          role: 'league-secretary',
          replacedBy: null,
        }),
        event('StaffUnassignedFromUnit', {
          unitCode: 'sem',
          staffId: 'T-9',
          role: 'party-secretary',
          replacedBy: null,
        }),
      ]);
    expect(college(...both, ...all).state).toMatchObject({ staff: [] });
  });

  it('refuses someone who holds no role over the unit (404 staffId), twice over too', () => {
    theClass()
      .when((unit) => decideUnassignStaff({ unitCode: classCode, staffId: 'T-1' }, unit))
      .thenRejects('not-found', 'staffId');
    const removed = event('StaffUnassignedFromUnit', {
      unitCode: classCode,
      staffId: 'T-1',
      role: 'class-counsellor',
      replacedBy: null,
    });
    theClass(wang, removed)
      .when((unit) => decideUnassignStaff({ unitCode: classCode, staffId: 'T-1' }, unit))
      .thenRejects('not-found', 'staffId');
  });

  it('refuses a role the staff member does not hold there (404 role) and an unknown one (400)', () => {
    const rejection = college(onCollege('T-9', 'league-secretary'))
      .when((unit) =>
        decideUnassignStaff({ unitCode: 'sem', staffId: 'T-9', role: 'party-secretary' }, unit),
      )
      .thenRejects('not-found', 'role');
    expect(rejection.details).toMatchObject({ roles: ['league-secretary'] });
    college(onCollege('T-9', 'league-secretary'))
      .when((unit) =>
        decideUnassignStaff({ unitCode: 'sem', staffId: 'T-9', role: 'dean' as never }, unit),
      )
      .thenRejects('invalid', 'role');
  });

  it('refuses a unit that does not exist (404 unitCode)', () => {
    given(initialUnitState('nope'), evolveUnit)
      .when((unit) => decideUnassignStaff({ unitCode: 'nope', staffId: 'T-1' }, unit))
      .thenRejects('not-found', 'unitCode');
  });
});

describe('reassigning a role a unit has one holder of', () => {
  it('unassigns the previous class counsellor in the same decision, naming who replaces them', () => {
    const events = theClass(wang)
      .when((unit) =>
        decideAssignStaff(
          { unitCode: classCode, staffId: 'T-2', staffName: '李老师', role: 'class-counsellor' },
          unit,
        ),
      )
      .then([
        event('StaffUnassignedFromUnit', {
          unitCode: classCode,
          staffId: 'T-1',
          role: 'class-counsellor',
          replacedBy: 'T-2',
        }),
        event('StaffAssignedToUnit', {
          unitCode: classCode,
          staffId: 'T-2',
          staffName: '李老师',
          role: 'class-counsellor',
        }),
      ]);
    expectContractConformance(events);
    expect(theClass(wang, ...events).state).toMatchObject({
      staff: [{ staffId: 'T-2', role: 'class-counsellor' }],
    });
  });

  it('keeps the other roles of the unit, and every head of a building or floor', () => {
    college(onCollege('T-8', 'league-secretary'), onCollege('T-9', 'party-secretary'))
      .when((unit) =>
        decideAssignStaff(
          { unitCode: 'sem', staffId: 'T-7', staffName: 'Zhao', role: 'league-secretary' },
          unit,
        ),
      )
      .then([
        event('StaffUnassignedFromUnit', {
          unitCode: 'sem',
          staffId: 'T-8',
          role: 'league-secretary',
          replacedBy: 'T-7',
        }),
        event('StaffAssignedToUnit', {
          unitCode: 'sem',
          staffId: 'T-7',
          staffName: 'Zhao',
          role: 'league-secretary',
        }),
      ]);
  });

  it('adds a second head to a floor: buildings and floors may have several', () => {
    const head = (staffId: string) =>
      event('StaffAssignedToUnit', {
        unitCode: 'b001-f1',
        staffId,
        staffName: 'Head',
        role: 'floor-head',
      });
    given(initialUnitState('b001-f1'), evolveUnit, [residentialLine.floor, head('S-1')])
      .when((unit) =>
        decideAssignStaff(
          { unitCode: 'b001-f1', staffId: 'S-2', staffName: 'Head', role: 'floor-head' },
          unit,
        ),
      )
      .then([head('S-2')]);
  });
});
