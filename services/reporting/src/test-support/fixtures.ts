import type { CheckInAnswers } from '@bulwark/contracts';
import type { ReportingNewEvent } from '../rules/domain/events';
import type { RosterStudent } from '../rules/domain/roster-student';
import { defaultRules, type ReportingRules } from '../rules/domain/rules';

/** Event types, in order: what most expectations compare first. */
export const typesOf = (events: readonly ReportingNewEvent[]): string[] =>
  events.map((e) => e.type);

export const rules: ReportingRules = defaultRules;

export const classPath = ['uni', 'sem', 'sem-2020', 'sem-2020-ug-01'];

export const student: RosterStudent = {
  studentNumber: '2020100001',
  classCode: 'sem-2020-ug-01',
  classPath,
  roomPath: ['main', 'cm1', 'b001', 'b001-f1', 'b001-101'],
};

export const normalAnswers: CheckInAnswers = {
  location: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' },
  health: { temperatureC: 36.5, symptoms: [] },
  exposure: 'none',
};

/** 2022-01-05 in Asia/Shanghai (UTC+8): hh:mm local as an instant. */
export const at = (hhmm: string, day = '2022-01-05'): Date => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const [y = 0, mo = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h - 8, m));
};
