import type { NewEvent } from '@bulwark/decider';
import type { FakeService } from './fake-service';

/** Events of the other contexts, shaped like their contracts (reporting) or plausibly (the rest). */
export const enrolled = (studentNumber: string, classCode = 'sem-2021-1'): NewEvent => ({
  type: 'StudentEnrolled',
  data: {
    studentNumber,
    name: `学生 ${studentNumber}`,
    studentType: 'undergraduate',
    classCode,
    classPath: ['uni', 'sem', 'sem-2021', classCode],
    gender: 'female',
    ethnicity: 'Hui',
    halal: true,
    phone: '+86 138 0000 0000',
    residence: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
  },
});

export const relocated = (id: string, studentNumbers: string[]): NewEvent => ({
  type: 'RoomsRelocated',
  data: {
    relocationId: id,
    reason: 'isolation reserve',
    freedFor: 'isolation-reserve',
    moves: [{ fromRoomCode: 'n-101', toRoomCode: 'n-201', studentNumbers }],
  },
});

export const classReportFiled = (
  day: string,
  collegeCode: string,
  classCode: string,
  by: string,
  lateByMinutes: number,
): NewEvent => ({
  type: 'ClassReportFiled',
  data: {
    day,
    collegeCode,
    classCode,
    kind: 'zero',
    changes: [],
    filedBy: by,
    filing: 1,
    lateByMinutes,
  },
});

export const collegeStep = (
  type:
    | 'CollegeReportCompiled'
    | 'CollegeReportApproved'
    | 'CollegeReportSentBack'
    | 'CollegeReportSubmitted',
  day: string,
  collegeCode: string,
  by: string,
  extra: Record<string, unknown> = {},
): NewEvent => ({ type, data: { day, collegeCode, pass: 1, by, ...extra } });

export const checkIn = (studentNumber: string, day: string): NewEvent => ({
  type: 'CheckInSubmitted',
  data: { studentNumber, day, location: { kind: 'off-campus' }, temperatureC: 36.6 },
});

export const isolation = (
  kind: 'IsolationStarted' | 'IsolationEnded',
  studentNumber: string,
  placeKind: string,
): NewEvent => ({ type: kind, data: { studentNumber, placeKind } });

export const meal = (
  outcome: 'MealDelivered' | 'MealDeliveryFailed',
  studentNumber: string,
  mealName: string,
  date: string,
): NewEvent => ({ type: outcome, data: { studentNumber, meal: mealName, date } });

export const minutes = (volunteerId: string, teamCode: string, n: number): NewEvent => ({
  type: 'ServiceMinutesRecorded',
  data: { volunteerId, teamCode, minutes: n },
});

/** Appends one event to a stream of a fake service. */
export async function emit(
  service: FakeService,
  streamId: string,
  event: NewEvent,
  actor: string,
  at: string,
): Promise<void> {
  await service.append(streamId, [event], actor, new Date(at));
}
