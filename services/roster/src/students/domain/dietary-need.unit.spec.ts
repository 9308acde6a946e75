import { given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import { event, offCampus, studentEnrolled } from '../../test-support/roster-fixtures';
import { decideRecordDietaryNeed } from './dietary-need';
import { evolveStudent } from './evolve-student';
import { initialStudentState } from './student-state';

describe('recording a dietary need', () => {
  /** Enrolled halal, off campus. */
  const halalS1 = () =>
    given(initialStudentState('s1'), evolveStudent, [studentEnrolled('s1', offCampus)]);

  it('records a change', () => {
    const events = halalS1()
      .when((student) => decideRecordDietaryNeed({ studentNumber: 's1', halal: false }, student))
      .then([event('DietaryNeedRecorded', { studentNumber: 's1', halal: false })]);
    expectContractConformance(events);
    const changed = events.reduce(evolveStudent, halalS1().state);
    expect(changed.status === 'enrolled' && changed.halal).toBe(false);
  });

  it('changes nothing for the same value', () => {
    halalS1()
      .when((student) => decideRecordDietaryNeed({ studentNumber: 's1', halal: true }, student))
      .then([]);
  });

  it('refuses an unknown student (404)', () => {
    given(initialStudentState('s9'), evolveStudent)
      .when((student) => decideRecordDietaryNeed({ studentNumber: 's9', halal: true }, student))
      .thenRejects('not-found', 'studentNumber');
  });
});
