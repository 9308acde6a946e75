import { rosterTextLimits, studentTypes, type Gender, type StudentType } from '@bulwark/contracts';
import { textProblem } from '@bulwark/decider';
import { formats } from '../../roster-formats';
import type { EnrolStudent } from '../../students/domain/enrol';
import { readCsv } from './roster-csv';

/** The columns a school's roster file carries, in any order, header names case-insensitive. */
export const rosterColumns = [
  'student_number',
  'name',
  'type',
  'class',
  'gender',
  'ethnicity',
  'halal',
  'phone',
  'room',
  'province',
  'city',
  'risk_area',
] as const;
export type RosterColumn = (typeof rosterColumns)[number];

/** One student as the file states it, ready to enrol; `line` is where the record starts. */
export interface ParsedRosterRow extends EnrolStudent {
  line: number;
}

/** One problem with one line of the file (1-based physical line; the header is line 1). */
export interface RosterImportError {
  line: number;
  /** The column at fault, or null when the whole line is (column count, quoting, header). */
  field: RosterColumn | null;
  reason: string;
}

export interface ParsedRoster {
  rows: ParsedRosterRow[];
  errors: RosterImportError[];
}

/**
 * Yes/no as schools write it, in every yes/no column alike (halal, risk_area): yes/no, Y/N,
 * true/false, 1/0, 是/否 (Chinese rosters), any case; an empty cell is no.
 */
const yes = new Set(['yes', 'y', 'true', '1', '是']);
const no = new Set(['no', 'n', 'false', '0', '否', '']);
const yesNo = 'yes or no (y/n, true/false, 1/0, 是/否)';

/** Gender as schools write it: female/male, F/M, 女/男, 女性/男性. */
const genderWords: ReadonlyMap<string, Gender> = new Map([
  ['female', 'female'],
  ['f', 'female'],
  ['女', 'female'],
  ['女性', 'female'],
  ['male', 'male'],
  ['m', 'male'],
  ['男', 'male'],
  ['男性', 'male'],
]);

/** Student types as Chinese rosters write them (本科生, 硕士研究生, 非全日制MBA, …). */
const studentTypeWords: ReadonlyMap<string, StudentType> = new Map([
  ['本科', 'undergraduate'],
  ['本科生', 'undergraduate'],
  ['硕士', 'master'],
  ['硕士生', 'master'],
  ['硕士研究生', 'master'],
  ['博士', 'phd'],
  ['博士生', 'phd'],
  ['博士研究生', 'phd'],
  ['全日制mba', 'full-time-mba'],
  ['非全日制mba', 'part-time-mba'],
  ['在职mba', 'part-time-mba'],
]);

/** 'Part-time MBA', 'part_time_mba', 'PART-TIME-MBA' and '非全日制MBA' all mean part-time-mba. */
function studentTypeOf(value: string): StudentType | undefined {
  const word = value.toLowerCase();
  const chinese = studentTypeWords.get(word.replace(/\s+/g, ''));
  if (chinese) return chinese;
  const canonical = word.replace(/[\s_]+/g, '-');
  return studentTypes.find((type) => type === canonical);
}

function readHeader(fields: string[]): Map<RosterColumn, number> | string {
  const names = fields.map((field) => field.trim().toLowerCase());
  const index = new Map<RosterColumn, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  names.forEach((name, i) => {
    const column = rosterColumns.find((c) => c === name);
    if (!column) unknown.push(name === '' ? '(empty)' : name);
    else if (index.has(column)) repeated.push(name);
    else index.set(column, i);
  });
  const missing = rosterColumns.filter((c) => !index.has(c));
  if (unknown.length + repeated.length + missing.length === 0) return index;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    unknown.length ? `unknown ${unknown.join(', ')}` : '',
    repeated.length ? `repeated ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  return `the header must name exactly the columns ${rosterColumns.join(',')}: ${parts.join('; ')}`;
}

/**
 * Reads a roster file into rows to enrol and a list of every problem, line by line; it never
 * stops at the first. Values are trimmed; class and room codes are lower-cased (codes are
 * lower-case, spreadsheets often are not). A line of empty cells is skipped. The first row of
 * a student number wins; later rows with the same number are reported as duplicates.
 */
export function parseRosterCsv(text: string): ParsedRoster {
  const { records, problems } = readCsv(text);
  const errors: RosterImportError[] = problems.map((p) => ({
    line: p.line,
    field: null,
    reason: p.reason,
  }));
  const rows: ParsedRosterRow[] = [];
  const blank = (fields: string[]) => fields.every((field) => field.trim() === '');
  const headerIndex = records.findIndex((record) => !blank(record.fields));
  const header = headerIndex >= 0 ? records[headerIndex] : undefined;
  const firstProblem = problems[0];
  if (!header || (firstProblem !== undefined && firstProblem.line < header.line)) {
    const line = firstProblem?.line ?? 1;
    const reason =
      header || problems.length > 0 ? 'the header row is malformed' : 'the file is empty';
    return { rows, errors: [{ line, field: null, reason: `${reason}; a header row is required` }] };
  }
  const columns = readHeader(header.fields);
  if (typeof columns === 'string') {
    return { rows, errors: [{ line: header.line, field: null, reason: columns }] };
  }

  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of records.slice(headerIndex + 1)) {
    if (blank(fields)) continue;
    if (fields.length !== rosterColumns.length) {
      errors.push({
        line,
        field: null,
        reason: `expected ${rosterColumns.length} columns, found ${fields.length}`,
      });
      continue;
    }
    const cell = (column: RosterColumn): string => {
      const value = fields[columns.get(column) ?? -1];
      // The header names every column and the row has as many fields: never missing.
      if (value === undefined) throw new Error(`line ${line} has no ${column} cell`);
      return value.trim();
    };
    const rowErrors: RosterImportError[] = [];
    const problem = (field: RosterColumn, reason: string) =>
      rowErrors.push({ line, field, reason });

    const studentNumber = cell('student_number');
    if (studentNumber === '') problem('student_number', 'student_number is required');
    else if (!formats.studentNumber.test(studentNumber)) {
      problem(
        'student_number',
        `student_number must be 1-32 letters, digits or '-', got "${studentNumber}"`,
      );
    } else {
      const first = firstLineOf.get(studentNumber);
      if (first !== undefined)
        problem('student_number', `student ${studentNumber} is already on line ${first}`);
      else firstLineOf.set(studentNumber, line);
    }

    const name = cell('name');
    const nameProblem = textProblem(name, rosterTextLimits.name);
    if (nameProblem) problem('name', `name ${nameProblem}`);

    const studentType = studentTypeOf(cell('type'));
    if (!studentType) {
      problem('type', `type must be one of ${studentTypes.join(', ')}, got "${cell('type')}"`);
    }

    const classCode = cell('class').toLowerCase();
    if (classCode === '') problem('class', 'class is required');
    else if (!formats.unitCode.test(classCode))
      problem('class', `class "${cell('class')}" is not a unit code`);

    const gender = genderWords.get(cell('gender').toLowerCase());
    if (!gender)
      problem('gender', `gender must be female or male (f/m, 女/男), got "${cell('gender')}"`);

    const ethnicity = cell('ethnicity');
    const ethnicityProblem = textProblem(ethnicity, rosterTextLimits.ethnicity);
    if (ethnicityProblem) problem('ethnicity', `ethnicity ${ethnicityProblem}`);

    const halal = flag(cell('halal'));
    if (halal === undefined) problem('halal', `halal must be ${yesNo}, got "${cell('halal')}"`);

    const phone = cell('phone');
    if (!formats.phone.test(phone))
      problem('phone', `phone must be 5-20 digits, spaces or '-', got "${phone}"`);

    const roomCode = cell('room').toLowerCase();
    let residence: EnrolStudent['residence'] | undefined;
    if (roomCode !== '') {
      if (!formats.unitCode.test(roomCode))
        problem('room', `room "${cell('room')}" is not a unit code`);
      else residence = { kind: 'on-campus', roomCode };
    } else {
      // Off campus: where the student is, and whether it is a risk area.
      const province = cell('province');
      const city = cell('city');
      const riskArea = flag(cell('risk_area'));
      const provinceProblem = textProblem(province, rosterTextLimits.place);
      const cityProblem = textProblem(city, rosterTextLimits.place);
      if (provinceProblem)
        problem('province', `province ${provinceProblem} for a student off campus`);
      if (cityProblem) problem('city', `city ${cityProblem} for a student off campus`);
      if (riskArea === undefined)
        problem('risk_area', `risk_area must be ${yesNo}, got "${cell('risk_area')}"`);
      if (!provinceProblem && !cityProblem && riskArea !== undefined) {
        residence = { kind: 'off-campus', province, city, riskArea };
      }
    }

    if (rowErrors.length > 0 || !studentType || !gender || halal === undefined || !residence) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line,
      studentNumber,
      name,
      studentType,
      classCode,
      gender,
      ethnicity,
      halal,
      phone,
      residence,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

function flag(value: string): boolean | undefined {
  const word = value.toLowerCase();
  if (yes.has(word)) return true;
  if (no.has(word)) return false;
  return undefined;
}
