import { decidePlanRound } from './plan-decisions';
import { groupsOf, studentOf } from './state';
import { counsellor, planCommand, RoundHistory } from '../test-support/round-fixtures';
import { planViolations } from '../test-support/plan-invariants';
import { sampleDorms, sampleTallies } from '../test-support/sample-dorms';
import { defined } from '../../test-support/defined';

import {
  open,
  sample,
  classTally,
  dormTally,
  reconcileNow,
  close,
  resolve,
} from '../test-support/small-round';

describe('a round of 2,458 students, end to end', () => {
  const dorms = sampleDorms({ students: 2458, communities: 5 });
  const byClass = new Map<string, string>();
  for (const s of dorms.students) byClass.set(s.studentNumber, s.classCode);

  it('plans, samples everyone, finds the two seeded discrepancies by name, closes once resolved', () => {
    // given a planned round
    const stream = new RoundHistory('r1');
    stream.run((s) =>
      decidePlanRound(planCommand({ students: dorms.students, routes: dorms.routes }), s),
    );
    const round = open(stream.state);
    expect(planViolations(groupsOf(round), dorms.students, 40)).toEqual([]);
    // when every group is sampled (one scanned list each)
    for (const group of groupsOf(round)) {
      stream.run(
        sample(
          group.groupId,
          group.students.map((s) => s.studentNumber),
        ),
      );
    }
    // and both lines are counted, one student missing from each
    const tallies = sampleTallies(dorms, 1);
    for (const tally of tallies.classTallies) {
      stream.run(
        classTally(
          tally.classCode,
          tally.studentNumbers,
          counsellor({ classes: [tally.classCode] }),
        ),
      );
    }
    for (const tally of tallies.dormTallies) {
      const community = dorms.communityOf.get(tally.buildingCode)!;
      stream.run(
        dormTally(
          tally.buildingCode,
          tally.studentNumbers,
          counsellor({ communities: [community] }),
        ),
      );
    }
    const found = stream.run(reconcileNow).filter((e) => e.type === 'TallyDiscrepancyFound');
    // then exactly the two seeded students are found, by name
    const [classOnly] = tallies.classLineOnly;
    const [dormOnly] = tallies.dormLineOnly;
    const who = (n: string) => studentOf(open(stream.state), n)!.student;
    expect(found.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'class-line-only',
          studentNumber: classOnly,
          name: who(defined(classOnly)).name,
          classCode: who(defined(classOnly)).classCode,
          roomCode: who(defined(classOnly)).roomCode,
        }),
        expect.objectContaining({
          kind: 'dorm-line-only',
          studentNumber: dormOnly,
          name: who(defined(dormOnly)).name,
          roomCode: who(defined(dormOnly)).roomCode,
        }),
      ]),
    );
    expect(found).toHaveLength(2);
    // and the round closes only once both are resolved
    const everywhere = counsellor({ communities: dorms.communities });
    stream.given().when(close).thenRejects('conflict', null);
    stream.run(resolve(`class-line-only:${classOnly}`, 'error-corrected', everywhere));
    stream.given().when(close).thenRejects('conflict', null);
    stream.run(resolve(`dorm-line-only:${dormOnly}`, 'error-corrected', everywhere));
    expect(defined(stream.run(close)[0]).data).toMatchObject({ studentCount: 2458, sampled: 2458 });
    expect(stream.refold()).toEqual(stream.state);
  });
});
