import { testingLimits, testResults, type TestResult } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat, requireOneOf } from '../../rules/domain/formats';
import type { RecordResults } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import { requireInstant, requireOpen } from './guards';
import { studentRecord } from './roster-input';
import { studentOf, type TestRoundState } from './state';

/**
 * Records the laboratory's results, one per sample: a student of the round and their latest
 * sample. All or nothing.
 *
 * - No such sample (the student is not in the round, or was not sampled): 404 on
 *   `results[i].studentNumber`. The round exists; the sample the result names does not, and
 *   the laboratory must not have its result silently dropped, so it is told so.
 * - The same result again: skipped (a re-sent lab file changes nothing). Another result for a
 *   sample that has one: 409 (`invalid` calls for a new sample, whose result is then recorded).
 * - Each result is a TestResultRecorded; a positive one is also a PositiveTestResultReported,
 *   with the student's room and class, for isolation care.
 */
export function decideRecordResults(
  command: RecordResults,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const reportedAt = requireInstant(command.reportedAt, 'reportedAt');
  const input: readonly unknown[] | undefined = Array.isArray(command.results)
    ? command.results
    : undefined;
  if (!input || input.length === 0 || input.length > testingLimits.maxTallyStudents) {
    throw Rejection.invalid(
      'results',
      `results must list 1 to ${testingLimits.maxTallyStudents} samples`,
    );
  }
  const seen = new Set<string>();
  const events: TestingNewEvent[] = [];
  input.forEach((value, i) => {
    const entry = (value ?? {}) as Partial<Record<'studentNumber' | 'result', unknown>>;
    const field = `results[${i}]`;
    const studentNumber = requireFormat(
      entry.studentNumber,
      formats.studentNumber,
      `${field}.studentNumber`,
    );
    const result: TestResult = requireOneOf(entry.result, testResults, `${field}.result`);
    if (seen.has(studentNumber)) {
      throw Rejection.invalid(`${field}.studentNumber`, `student ${studentNumber} is listed twice`);
    }
    seen.add(studentNumber);
    const found = studentOf(round, studentNumber);
    const sample = found?.group.samples.get(studentNumber);
    if (!found || !sample) {
      throw Rejection.notFound(
        `${field}.studentNumber`,
        `round ${round.roundId} has no sample of student ${studentNumber}`,
        { inRound: found !== undefined },
      );
    }
    if (sample.result === result) return;
    if (sample.result !== null) {
      throw Rejection.conflict(
        `${field}.result`,
        `sample ${sample.attempt} of student ${studentNumber} is already ${sample.result}` +
          (sample.result === 'invalid' ? ': sample the student again first' : ''),
        { attempt: sample.attempt, result: sample.result },
      );
    }
    const common = {
      roundId: round.roundId,
      date: round.date,
      studentNumber,
      groupId: found.group.groupId,
      attempt: sample.attempt,
    };
    events.push(testingEvent('TestResultRecorded', { ...common, result, reportedAt }));
    if (result === 'positive') {
      const { name, classCode, classPath, roomCode, roomPath } = studentRecord(found.student);
      events.push(
        testingEvent('PositiveTestResultReported', {
          ...common,
          name,
          classCode,
          classPath,
          roomCode,
          roomPath,
          sampledAt: sample.sampledAt,
          reportedAt,
        }),
      );
    }
  });
  return events;
}
