import type { AbsenceReason, DiscrepancyResolutionReason, TestResult } from '@bulwark/contracts';
import type { RoundStudent } from './roster-input';
import type { CommunityRoutesInput } from './routes';

/**
 * Who asks, with the units they answer for (from the token and the roster's staff
 * assignments): a class counsellor's classes, a community counsellor's communities.
 */
export interface Counsellor {
  actorId: string;
  classes: readonly string[];
  communities: readonly string[];
}

/** Plans a round for a date (see planRound); the service passes its roster copy. */
export interface PlanRound {
  roundId: string;
  date: string;
  communities: readonly string[] | 'all';
  students: readonly RoundStudent[];
  routes: readonly CommunityRoutesInput[];
  groupSize?: number;
  firstStart: string;
  intervalMinutes: number;
  slotMinutes: number;
  plannedBy: string;
}

/**
 * Plans the round again after students moved (a relocation): groups with any sampling stay,
 * the rest is regrouped from `students`, the roster copy now. `firstStart` defaults to the
 * round's; during the round, pass the next start the groups can make. `routes` replace the
 * round's when given.
 */
export interface ReplanRound {
  roundId: string;
  students: readonly RoundStudent[];
  reason: string;
  firstStart?: string;
  routes?: readonly CommunityRoutesInput[];
  replannedBy: string;
}

/** The community counsellor dispatches a cadre to lead a group. */
export interface AssignGroupLeader {
  roundId: string;
  groupId: string;
  leaderId: string;
  leaderName: string;
  assignedBy: Counsellor;
}

/** Who of a group was sampled, and when: one student, or a scanned list. */
export interface RecordSampling {
  roundId: string;
  groupId: string;
  studentNumbers: readonly string[];
  sampledAt: Date;
}

/** Students of a group who were not sampled, each with a reason. */
export interface RecordAbsence {
  roundId: string;
  groupId: string;
  absences: readonly { studentNumber: string; reason: AbsenceReason }[];
}

/** The laboratory's results, per sample (a student of the round, their latest sample). */
export interface RecordResults {
  roundId: string;
  results: readonly { studentNumber: string; result: TestResult }[];
  reportedAt: Date;
}

/** The class line: who in one of the counsellor's classes was tested. */
export interface SubmitClassTally {
  roundId: string;
  classCode: string;
  studentNumbers: readonly string[];
  counsellor: Counsellor;
  submittedAt: Date;
}

/** The dorm line: who in a building of the counsellor's community was tested. */
export interface SubmitDormTally {
  roundId: string;
  buildingCode: string;
  studentNumbers: readonly string[];
  counsellor: Counsellor;
  submittedAt: Date;
}

/** Compares the two lines once every class and building has submitted its tally. */
export interface ReconcileTallies {
  roundId: string;
  reconciledBy: string;
  reconciledAt: Date;
}

/** Settles a discrepancy with a reason; by a counsellor of the student's class or community. */
export interface ResolveDiscrepancy {
  roundId: string;
  discrepancyId: string;
  reason: DiscrepancyResolutionReason;
  note?: string | null;
  resolver: Counsellor;
  resolvedAt: Date;
}

export interface CloseRound {
  roundId: string;
  closedBy: string;
  closedAt: Date;
}
