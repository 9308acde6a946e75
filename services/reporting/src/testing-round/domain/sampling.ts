import {
  absenceReasons,
  testingLimits,
  type TestAbsence,
  type TestSample,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat, requireOneOf, requireText } from '../../rules/domain/formats';
import type { AssignGroupLeader, RecordAbsence, RecordSampling } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import {
  forbidden,
  requireActor,
  requireCounsellor,
  requireGroup,
  requireInstant,
  requireOpen,
  requireStudentNumbers,
} from './guards';
import type { OpenRound, RoundGroup, TestRoundState } from './state';

/**
 * A student of this group (400 otherwise: not in the round at all, or in another group;
 * a student is sampled with the group they were planned in).
 */
function requireMember(
  round: OpenRound,
  group: RoundGroup,
  studentNumber: string,
  field: string,
): void {
  const groupId = round.groupOf.get(studentNumber);
  if (groupId === undefined) {
    throw Rejection.invalid(field, `student ${studentNumber} is not in round ${round.roundId}`);
  }
  if (groupId !== group.groupId) {
    throw Rejection.invalid(
      field,
      `student ${studentNumber} is in group ${groupId}, not in ${group.groupId}`,
      { groupId },
    );
  }
}

/**
 * The community counsellor dispatches a cadre to lead a group (403 for a group outside the
 * counsellor's communities). The same leader again changes nothing.
 */
export function decideAssignGroupLeader(
  command: AssignGroupLeader,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const group = requireGroup(round, command.groupId);
  const leaderId = requireActor(command.leaderId, 'leaderId');
  const leaderName = requireText(command.leaderName, 'leaderName', testingLimits.leaderName);
  const counsellor = requireCounsellor(command.assignedBy, 'assignedBy');
  if (!counsellor.communities.includes(group.community)) {
    throw forbidden('groupId', `group ${group.groupId} is in community ${group.community}`, {
      community: group.community,
    });
  }
  if (group.leader?.id === leaderId && group.leader.name === leaderName) return [];
  return [
    testingEvent('TestGroupLeaderAssigned', {
      roundId: round.roundId,
      date: round.date,
      groupId: group.groupId,
      leaderId,
      leaderName,
      assignedBy: counsellor.actorId,
    }),
  ];
}

/**
 * Records who of a group was sampled and when (one student, or a scanned list). All or
 * nothing: a student outside the round or in another group refuses the whole list (400).
 *
 * Sampling twice is idempotent: a student already sampled is skipped, so a re-sent scan
 * changes nothing (a scanner that retries must not fail the second time, and the first
 * sample's time stands). The exception is a student whose latest result is `invalid`: that
 * is a retest, recorded as the next attempt. A student recorded absent who turns up after
 * all is sampled. Nothing new to record: [].
 */
export function decideRecordSampling(
  command: RecordSampling,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const group = requireGroup(round, command.groupId);
  const sampledAt = requireInstant(command.sampledAt, 'sampledAt');
  const studentNumbers = requireStudentNumbers(
    command.studentNumbers,
    'studentNumbers',
    testingLimits.maxGroupSize,
  );
  const samples: TestSample[] = [];
  studentNumbers.forEach((studentNumber, i) => {
    requireMember(round, group, studentNumber, `studentNumbers[${i}]`);
    const previous = group.samples.get(studentNumber);
    if (!previous) samples.push({ studentNumber, attempt: 1 });
    else if (previous.result === 'invalid') {
      samples.push({ studentNumber, attempt: previous.attempt + 1 });
    }
  });
  if (samples.length === 0) return [];
  return [
    testingEvent('TestGroupSampled', {
      roundId: round.roundId,
      date: round.date,
      groupId: group.groupId,
      community: group.community,
      sampledAt,
      samples,
    }),
  ];
}

/**
 * Records students of a group who were not sampled, each with a reason (isolated, off
 * campus, ill, exempt). A student already sampled cannot be absent (409); the same reason
 * again changes nothing, another reason corrects it.
 */
export function decideRecordAbsence(
  command: RecordAbsence,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const group = requireGroup(round, command.groupId);
  const input: readonly unknown[] | undefined = Array.isArray(command.absences)
    ? command.absences
    : undefined;
  if (!input || input.length === 0 || input.length > testingLimits.maxGroupSize) {
    throw Rejection.invalid(
      'absences',
      `absences must list 1 to ${testingLimits.maxGroupSize} students`,
    );
  }
  const seen = new Set<string>();
  const absences: TestAbsence[] = [];
  input.forEach((value, i) => {
    const entry = (value ?? {}) as Partial<Record<keyof TestAbsence, unknown>>;
    const field = `absences[${i}]`;
    const studentNumber = requireFormat(
      entry.studentNumber,
      formats.studentNumber,
      `${field}.studentNumber`,
    );
    const reason = requireOneOf(entry.reason, absenceReasons, `${field}.reason`);
    if (seen.has(studentNumber)) {
      throw Rejection.invalid(`${field}.studentNumber`, `student ${studentNumber} is listed twice`);
    }
    seen.add(studentNumber);
    requireMember(round, group, studentNumber, `${field}.studentNumber`);
    const sample = group.samples.get(studentNumber);
    if (sample) {
      throw Rejection.conflict(
        `${field}.studentNumber`,
        `student ${studentNumber} was sampled at ${sample.sampledAt}: not absent`,
        { sampledAt: sample.sampledAt },
      );
    }
    if (group.absences.get(studentNumber) !== reason) absences.push({ studentNumber, reason });
  });
  if (absences.length === 0) return [];
  return [
    testingEvent('TestAbsenceRecorded', {
      roundId: round.roundId,
      date: round.date,
      groupId: group.groupId,
      community: group.community,
      absences,
    }),
  ];
}
