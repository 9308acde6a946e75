import type {
  CheckInAnswers,
  CheckInLocation,
  ExposureCategory,
  FollowUpResolution,
  Symptom,
} from '@bulwark/contracts';
import type { CheckInRecord } from './state';

/** Answers as a tuple: location kind, province, city, temperature, symptoms, exposure. */
type AnswersJson = [
  CheckInLocation['kind'],
  string | null,
  string | null,
  number,
  Symptom[],
  ExposureCategory,
];

/** A day as a tuple: day, submissions, answers, last abnormal finding, non-responder (1/0), follow-ups, resolution. */
type DayJson = [
  string,
  number,
  AnswersJson | null,
  string | null,
  0 | 1,
  number,
  FollowUpResolution | null,
];

/**
 * A check-in record as JSON, for the stream's snapshot: its days in the record's own order,
 * each a tuple (every check-in reads one; the short form parses several times faster).
 */
export interface CheckInRecordJson {
  studentNumber: string;
  days: DayJson[];
  earlier: { through: string; run: [string, string, AnswersJson] | null } | null;
  flaggedRuns: string[];
}

function answersToJson(a: CheckInAnswers): AnswersJson {
  const l = a.location;
  const place = l.kind === 'off-campus' ? l : null;
  return [
    l.kind,
    place?.province ?? null,
    place?.city ?? null,
    a.health.temperatureC,
    a.health.symptoms,
    a.exposure,
  ];
}

function answersFromJson([
  kind,
  province,
  city,
  temperatureC,
  symptoms,
  exposure,
]: AnswersJson): CheckInAnswers {
  const location: CheckInLocation =
    kind === 'off-campus' ? { kind, province: province!, city: city! } : { kind };
  return { location, health: { temperatureC, symptoms }, exposure };
}

export function checkInRecordToJson(record: CheckInRecord): CheckInRecordJson {
  const run = record.earlier?.run ?? null;
  return {
    studentNumber: record.studentNumber,
    days: [...record.days].map(([day, d]) => [
      day,
      d.submissions,
      d.answers && answersToJson(d.answers),
      d.lastAbnormalFinding,
      d.nonResponder ? 1 : 0,
      d.followUps,
      d.resolution,
    ]),
    earlier: record.earlier && {
      through: record.earlier.through,
      run: run && [run.since, run.until, answersToJson(run.answers)],
    },
    flaggedRuns: [...record.flaggedRuns],
  };
}

export function checkInRecordFromJson(json: CheckInRecordJson): CheckInRecord {
  const run = json.earlier?.run ?? null;
  return {
    studentNumber: json.studentNumber,
    days: new Map(
      json.days.map(
        ([day, submissions, answers, lastAbnormalFinding, nonResponder, followUps, resolution]) => [
          day,
          {
            submissions,
            answers: answers && answersFromJson(answers),
            lastAbnormalFinding,
            nonResponder: nonResponder === 1,
            followUps,
            resolution,
          },
        ],
      ),
    ),
    earlier: json.earlier && {
      through: json.earlier.through,
      run: run && { since: run[0], until: run[1], answers: answersFromJson(run[2]) },
    },
    flaggedRuns: new Set(json.flaggedRuns),
  };
}

/** A kind of kept record and how to read one back (the store's snapshot form has this shape). */
export interface CheckInRecordForm {
  readonly kind: string;
  restore(state: unknown): CheckInRecord;
}

/**
 * How a `check-ins-<studentNumber>` snapshot is read. Change the kind's version whenever
 * `CheckInRecord` or `evolveCheckIns` changes what a record holds: snapshots of the old kind
 * are then ignored (the streams are read whole and snapshotted again).
 */
export const checkInRecordSnapshot: CheckInRecordForm = {
  kind: 'check-in-record/v2',
  restore: (state) => checkInRecordFromJson(state as CheckInRecordJson),
};
