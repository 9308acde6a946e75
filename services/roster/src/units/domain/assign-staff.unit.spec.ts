import { given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import { academicLine, event, residentialLine } from '../../test-support/roster-fixtures';
import { decideAssignStaff, type AssignStaffToUnit } from './assign-staff';
import { evolveUnit } from './evolve-unit';
import { initialUnitState } from './unit-state';

describe('assigning staff', () => {
  const college = () => given(initialUnitState('sem'), evolveUnit, [academicLine.college]);
  const histories = {
    sem: [academicLine.college],
    'sem-2020-ug-01': [academicLine.class],
    cm1: [residentialLine.community],
  };

  it.each([
    ['party-secretary', 'sem'],
    ['deputy-party-secretary', 'sem'],
    ['league-secretary', 'sem'],
    ['class-counsellor', 'sem-2020-ug-01'],
    ['community-counsellor', 'cm1'],
  ] as const)('assigns a %s to %s', (role, unitCode) => {
    const events = given(initialUnitState(unitCode), evolveUnit, histories[unitCode])
      .when((unit) =>
        decideAssignStaff({ unitCode, staffId: 'T-1024', staffName: '王老师', role }, unit),
      )
      .then([
        event('StaffAssignedToUnit', { unitCode, staffId: 'T-1024', staffName: '王老师', role }),
      ]);
    expectContractConformance(events);
  });

  it('refuses a role that does not fit the level (400 role)', () => {
    college()
      .when((unit) =>
        decideAssignStaff(
          { unitCode: 'sem', staffId: 'T-1', staffName: 'Li', role: 'class-counsellor' },
          unit,
        ),
      )
      .thenRejects('invalid', 'role');
    given(initialUnitState('cm1'), evolveUnit, histories.cm1)
      .when((unit) =>
        decideAssignStaff(
          { unitCode: 'cm1', staffId: 'T-1', staffName: 'Li', role: 'floor-head' },
          unit,
        ),
      )
      .thenRejects('invalid', 'role');
  });

  it('refuses a unit that does not exist (404)', () => {
    given(initialUnitState('nope'), evolveUnit)
      .when((unit) =>
        decideAssignStaff(
          { unitCode: 'nope', staffId: 'T-1', staffName: 'Li', role: 'floor-head' },
          unit,
        ),
      )
      .thenRejects('not-found', 'unitCode');
  });

  it('changes nothing when the same staff already holds the role', () => {
    const command: AssignStaffToUnit = {
      unitCode: 'sem',
      staffId: 'T-1',
      staffName: 'Li',
      role: 'party-secretary',
    };
    const assigned = () =>
      given(initialUnitState('sem'), evolveUnit, [
        academicLine.college,
        event('StaffAssignedToUnit', command),
      ]);
    assigned()
      .when((unit) => decideAssignStaff(command, unit))
      .then([]);
    assigned()
      .when((unit) => decideAssignStaff({ ...command, role: 'league-secretary' }, unit))
      .then([event('StaffAssignedToUnit', { ...command, role: 'league-secretary' })]);
  });
});
