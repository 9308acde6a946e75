import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, lateByMinutes, studentNumber, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import {
  changeCategories,
  classReportKinds,
  maxChangesPerClassReport,
  reportingTextLimits,
  type ChangeCategory,
  type ClassReportKind,
} from './vocabulary';

export const CLASS_REPORT_FILED = 'ClassReportFiled';

/** One change of one student since the previous day. */
export interface ClassReportChange {
  studentNumber: string;
  category: ChangeCategory;
  description: string;
}

/**
 * A class counsellor filed the class's report of the day: `kind: 'changes'` with at least one
 * change, or `kind: 'zero'` (零报告), an explicit "nothing changed" with no changes. A class
 * without this event has not reported: missing is never read as zero. Filing again before
 * the college report is compiled replaces the earlier report (`filing` counts from 1).
 */
export interface ClassReportFiledV1 {
  day: string;
  collegeCode: string;
  classCode: string;
  kind: ClassReportKind;
  changes: ClassReportChange[];
  filedBy: string;
  filing: number;
  /** Minutes after the class-report deadline; 0 when on time. */
  lateByMinutes: number;
}
export type ClassReportFiled = ClassReportFiledV1;

const change = {
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'category', 'description'],
  properties: {
    studentNumber,
    category: { enum: changeCategories },
    description: { type: 'string', minLength: 1, maxLength: reportingTextLimits.description },
  },
} as const;

export const classReportFiledV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:ClassReportFiled:v1',
  title: 'ClassReportFiled v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'day',
    'collegeCode',
    'classCode',
    'kind',
    'changes',
    'filedBy',
    'filing',
    'lateByMinutes',
  ],
  properties: {
    day,
    collegeCode: unitCode,
    classCode: unitCode,
    kind: { enum: classReportKinds },
    changes: { type: 'array', items: change, maxItems: maxChangesPerClassReport },
    filedBy: actorId,
    filing: { type: 'integer', minimum: 1 },
    lateByMinutes,
  },
  // A zero report lists nothing; a report with changes lists at least one.
  if: { properties: { kind: { const: 'zero' } } },
  then: { properties: { changes: { type: 'array', maxItems: 0 } } },
  else: { properties: { changes: { type: 'array', minItems: 1 } } },
} as const;

export const classReportFiledV1 = reportingContract(
  CLASS_REPORT_FILED,
  1,
  reportingStreamIdPatterns.collegeReport,
  classReportFiledV1Schema,
);
