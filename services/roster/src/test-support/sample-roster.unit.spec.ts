import { parseRosterCsv } from '../roster-import/domain/parse-roster';
import { planImport } from '../roster-import/domain/plan-import';
import { contractViolations } from './contract-check';
import { RosterWorld } from './roster-world';
import { sampleCampus, sampleCollege } from './sample-roster';

describe('the sample 003 college roster', () => {
  const sample = sampleCollege();

  it('has the shape of the college in the seed: 2,458 students, 552 MBA, 6 on campus', () => {
    expect(sample.expected.students).toBe(2458);
    expect(sample.expected.onCampus).toBe(6);
    expect(sample.expected.offCampus).toBe(2452);
    const { byType } = sample.expected;
    expect(byType['full-time-mba'] + byType['part-time-mba']).toBe(552);
    expect(byType['part-time-mba']).toBeGreaterThan(byType['full-time-mba']);
    expect(Object.values(sample.expected.byClass).reduce((a, b) => a + b, 0)).toBe(2458);
    expect(sample.expected.halal).toBeGreaterThan(0);
    expect(sample.expected.riskArea).toBeGreaterThan(0);
    expect(sampleCollege().csv).toBe(sample.csv); // deterministic
  });

  it('parses without a single error and matches the expectation', () => {
    const { rows, errors } = parseRosterCsv(sample.csv);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2458);
    expect(rows.filter((r) => r.residence.kind === 'on-campus')).toHaveLength(6);
    const byClass: Record<string, number> = {};
    for (const r of rows) byClass[r.classCode] = (byClass[r.classCode] ?? 0) + 1;
    expect(byClass).toEqual(sample.expected.byClass);
    expect(rows.some((r) => r.ethnicity === 'Hui' && r.halal)).toBe(true);
  });

  it('imports onto its units, every event within contract; a re-import changes nothing', () => {
    // given the units, created parent first
    const world = new RosterWorld();
    world.createUnits(sample.units);
    // when the roster is planned and enrolled
    const { rows } = parseRosterCsv(sample.csv);
    const plan = planImport(rows, world.known());
    expect(plan.errors).toEqual([]);
    expect(plan.counts).toEqual({ enrol: 2458, unchanged: 0, rejected: 0 });
    for (const planned of plan.rows) if (planned.action === 'enrol') world.enrol(planned.command);
    // then
    const enrolled = [...world.students.values()].filter((s) => s.status === 'enrolled');
    expect(enrolled).toHaveLength(2458);
    const violations = world.allEvents().flatMap(contractViolations);
    expect(violations).toEqual([]);
    // and the same file again is all unchanged
    const again = planImport(rows, world.known());
    expect(again.counts).toEqual({ enrol: 0, unchanged: 2458, rejected: 0 });
  });
});

describe('a dorm-heavy campus', () => {
  it('fills rooms for most students and still parses and plans cleanly', () => {
    const sample = sampleCampus({ students: 6000, onCampusShare: 0.9 });
    expect(sample.expected.students).toBe(6000);
    expect(sample.expected.colleges).toHaveLength(3);
    expect(sample.expected.onCampus).toBe(5400);
    const occupied = Object.values(sample.expected.byRoom);
    expect(occupied.reduce((a, b) => a + b, 0)).toBe(5400);
    expect(occupied.filter((n) => n === 0).length).toBeGreaterThan(0); // spare rooms for relocations
    const { rows, errors } = parseRosterCsv(sample.csv);
    expect(errors).toEqual([]);
    const world = new RosterWorld();
    world.createUnits(sample.units);
    const plan = planImport(rows, world.known());
    expect(plan.errors).toEqual([]);
    expect(plan.counts.enrol).toBe(6000);
  });
});
