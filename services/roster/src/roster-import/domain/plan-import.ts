import type { Gender, StudentType } from '@bulwark/contracts';
import type { EnrolStudent } from '../../students/domain/enrol';
import type { EnrolledStudent } from '../../students/domain/student-state';
import type { Room } from '../../units/domain/unit-state';
import type { ParsedRosterRow, RosterColumn, RosterImportError } from './parse-roster';

export interface KnownClass {
  path: readonly string[];
}

export interface KnownRoom {
  path: readonly string[];
  capacity: number;
  occupants: ReadonlySet<string>;
  reserved: boolean;
}

/** A student already on the roster, as the service's read tables hold them. */
export interface KnownStudent {
  name: string;
  studentType: StudentType;
  classCode: string;
  gender: Gender;
  ethnicity: string;
  halal: boolean;
  phone: string;
  /** null when off campus. */
  roomCode: string | null;
  /** Off campus only; null on campus. */
  province: string | null;
  city: string | null;
  riskArea: boolean | null;
}

/** What the roster knows before the import: its classes, rooms and students, by code/number. */
export interface KnownRoster {
  classes: ReadonlyMap<string, KnownClass>;
  rooms: ReadonlyMap<string, KnownRoom>;
  students: ReadonlyMap<string, KnownStudent>;
}

export type PlannedRow =
  | { line: number; action: 'enrol'; command: EnrolStudent }
  | { line: number; action: 'unchanged'; studentNumber: string };

export interface ImportPlan {
  /** One entry per row that passed, in file order. */
  rows: PlannedRow[];
  /** Every row that cannot be applied, with why. */
  errors: RosterImportError[];
  counts: { enrol: number; unchanged: number; rejected: number };
}

export function knownStudentOf(student: EnrolledStudent): KnownStudent {
  const { name, studentType, classCode, gender, ethnicity, halal, phone, residence } = student;
  const onCampus = residence.kind === 'on-campus';
  return {
    name,
    studentType,
    classCode,
    gender,
    ethnicity,
    halal,
    phone,
    roomCode: onCampus ? residence.roomCode : null,
    province: onCampus ? null : residence.province,
    city: onCampus ? null : residence.city,
    riskArea: onCampus ? null : residence.riskArea,
  };
}

export function knownRoomOf(room: Room): KnownRoom {
  return {
    path: room.path,
    capacity: room.room.capacity,
    occupants: room.room.occupants,
    reserved: room.room.reservedFor !== null,
  };
}

/** Columns where the file disagrees with the roster; [] when the row is already applied. */
function differences(row: ParsedRosterRow, known: KnownStudent): RosterColumn[] {
  const found: RosterColumn[] = [];
  if (row.name !== known.name) found.push('name');
  if (row.studentType !== known.studentType) found.push('type');
  if (row.classCode !== known.classCode) found.push('class');
  if (row.gender !== known.gender) found.push('gender');
  if (row.ethnicity !== known.ethnicity) found.push('ethnicity');
  if (row.halal !== known.halal) found.push('halal');
  if (row.phone !== known.phone) found.push('phone');
  const residence = row.residence;
  if (residence.kind === 'on-campus') {
    if (residence.roomCode !== known.roomCode) found.push('room');
  } else {
    if (known.roomCode !== null) found.push('room');
    if (residence.province !== known.province) found.push('province');
    if (residence.city !== known.city) found.push('city');
    if (residence.riskArea !== known.riskArea) found.push('risk_area');
  }
  return found;
}

/**
 * Decides what each parsed row means against the roster as it is: enrol a new student, leave
 * an identical one alone (a re-sent file changes nothing), or refuse a row that names an
 * unknown class or room, would overfill a room (earlier rows of the file count), or
 * contradicts a student already on the roster. Linear in rows: one map lookup per check.
 */
export function planImport(rows: readonly ParsedRosterRow[], known: KnownRoster): ImportPlan {
  const planned: PlannedRow[] = [];
  const errors: RosterImportError[] = [];
  const incoming = new Map<string, number>();
  let rejectedLines = 0;

  for (const row of rows) {
    const { line, studentNumber } = row;
    const existing = known.students.get(studentNumber);
    if (existing) {
      const changed = differences(row, existing);
      const [firstChanged] = changed;
      if (firstChanged === undefined) {
        planned.push({ line, action: 'unchanged', studentNumber });
      } else {
        rejectedLines += 1;
        errors.push({
          line,
          field: firstChanged,
          reason: `student ${studentNumber} is already on the roster with a different ${changed.join(', ')}; change it with its own command, not by import`,
        });
      }
      continue;
    }

    const rowErrors: RosterImportError[] = [];
    if (!known.classes.has(row.classCode)) {
      rowErrors.push({ line, field: 'class', reason: `class ${row.classCode} does not exist` });
    }
    const residence = row.residence;
    if (residence.kind === 'on-campus') {
      const room = known.rooms.get(residence.roomCode);
      if (!room) {
        rowErrors.push({
          line,
          field: 'room',
          reason: `room ${residence.roomCode} does not exist`,
        });
      } else if (room.reserved) {
        rowErrors.push({
          line,
          field: 'room',
          reason: `room ${residence.roomCode} is reserved and takes no students`,
        });
      } else {
        const taken = room.occupants.size + (incoming.get(residence.roomCode) ?? 0);
        if (taken >= room.capacity) {
          rowErrors.push({
            line,
            field: 'room',
            reason: `room ${residence.roomCode} is full (${taken}/${room.capacity}, counting earlier rows of this file)`,
          });
        }
      }
    }
    if (rowErrors.length > 0) {
      rejectedLines += 1;
      errors.push(...rowErrors);
      continue;
    }
    if (residence.kind === 'on-campus') {
      incoming.set(residence.roomCode, (incoming.get(residence.roomCode) ?? 0) + 1);
    }
    const { line: _line, ...command } = row;
    planned.push({ line, action: 'enrol', command });
  }

  const enrol = planned.filter((p) => p.action === 'enrol').length;
  return {
    rows: planned,
    errors,
    counts: { enrol, unchanged: planned.length - enrol, rejected: rejectedLines },
  };
}
