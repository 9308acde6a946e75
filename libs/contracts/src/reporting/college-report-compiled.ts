import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, lateByMinutes, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import { classReportKinds, type ClassReportKind } from './vocabulary';

export const COLLEGE_REPORT_COMPILED = 'CollegeReportCompiled';

export interface CompiledClassReport {
  classCode: string;
  kind: ClassReportKind;
  changes: number;
}

/**
 * The league secretary compiled the college report of the day from every class report (it
 * cannot be compiled while a class is missing). `pass` counts the passes through the chain:
 * 1, then one more after each send-back or reopen.
 */
export interface CollegeReportCompiledV1 {
  day: string;
  collegeCode: string;
  classes: CompiledClassReport[];
  zeroReports: number;
  reportsWithChanges: number;
  compiledBy: string;
  pass: number;
  /** Minutes after the first-review deadline (compilation comes before that review). */
  lateByMinutes: number;
}
export type CollegeReportCompiled = CollegeReportCompiledV1;

export const collegeReportCompiledV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CollegeReportCompiled:v1',
  title: 'CollegeReportCompiled v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'day',
    'collegeCode',
    'classes',
    'zeroReports',
    'reportsWithChanges',
    'compiledBy',
    'pass',
    'lateByMinutes',
  ],
  properties: {
    day,
    collegeCode: unitCode,
    classes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['classCode', 'kind', 'changes'],
        properties: {
          classCode: unitCode,
          kind: { enum: classReportKinds },
          changes: { type: 'integer', minimum: 0 },
        },
      },
    },
    zeroReports: { type: 'integer', minimum: 0 },
    reportsWithChanges: { type: 'integer', minimum: 0 },
    compiledBy: actorId,
    pass: { type: 'integer', minimum: 1 },
    lateByMinutes,
  },
} as const;

export const collegeReportCompiledV1 = reportingContract(
  COLLEGE_REPORT_COMPILED,
  1,
  reportingStreamIdPatterns.collegeReport,
  collegeReportCompiledV1Schema,
);
