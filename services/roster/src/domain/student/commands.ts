import type { Gender, StudentType } from '@bulwark/contracts';

export type ResidenceInput =
  | { kind: 'on-campus'; roomCode: string }
  | { kind: 'off-campus'; province: string; city: string; riskArea: boolean };

export interface EnrolStudent {
  studentNumber: string;
  name: string;
  studentType: StudentType;
  classCode: string;
  gender: Gender;
  ethnicity: string;
  halal: boolean;
  phone: string;
  residence: ResidenceInput;
}

/** Moves an on-campus student to another room. */
export interface AssignStudentToRoom {
  studentNumber: string;
  roomCode: string;
}

export interface LeaveCampus {
  studentNumber: string;
  province: string;
  city: string;
  riskArea: boolean;
}

/** An approved return (exam, internship, job) into a room. */
export interface ReturnToCampus {
  studentNumber: string;
  roomCode: string;
}

export interface RecordDietaryNeed {
  studentNumber: string;
  halal: boolean;
}
