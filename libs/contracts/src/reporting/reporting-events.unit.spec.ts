import { cloudEventType, dataSchemaFor, subjectFor } from '../subjects';
import { objectSchemas, schemaCheck } from '../test-support/schema-check';
import {
  isReportingEventType,
  reportingEventContract,
  reportingEvents,
  reportingEventVersions,
  reportingStreamId,
  type ReportingEvent,
  type ReportingEventType,
} from './index';

const valid = schemaCheck(reportingEvents);

const classPath = ['uni', 'sem', 'sem-2020', 'sem-2020-ug-01'];
const checkIn = {
  studentNumber: '2020310001',
  day: '2022-01-05',
  classCode: 'sem-2020-ug-01',
  classPath,
  location: { kind: 'off-campus' as const, province: 'Hubei', city: 'Wuhan' },
  health: { temperatureC: 36.5, symptoms: [] },
  exposure: 'none' as const,
  abnormalReasons: [],
  submittedBy: { actorId: '2020310001', role: 'student' as const },
};

/** One realistic payload per type: each must validate. */
const samples: ReportingEvent[] = [
  { type: 'CheckInSubmitted', data: checkIn },
  {
    type: 'CheckInSubmitted',
    data: {
      ...checkIn,
      location: { kind: 'in-transit' },
      submittedBy: { actorId: 'T-7', role: 'counsellor' },
    },
  },
  {
    type: 'CheckInAmended',
    data: {
      ...checkIn,
      location: { kind: 'on-campus' },
      health: { temperatureC: 38.1, symptoms: ['cough', 'fatigue'] },
      abnormalReasons: ['fever', 'symptoms'],
      amendment: 1,
    },
  },
  {
    type: 'AbnormalCheckInReported',
    data: {
      studentNumber: '2020310001',
      day: '2022-01-05',
      classCode: 'sem-2020-ug-01',
      classPath,
      reasons: ['fever', 'new-exposure'],
      temperatureC: 37.8,
      feverThresholdC: 37.3,
      symptoms: [],
      exposure: 'contact-with-hard-hit-area',
      location: { kind: 'on-campus' },
    },
  },
  {
    type: 'RepetitiveCheckInsFlagged',
    data: {
      studentNumber: '2020310001',
      day: '2022-01-09',
      classCode: 'sem-2020-ug-01',
      since: '2022-01-05',
      streakDays: 5,
    },
  },
  {
    type: 'StudentFlaggedNonResponder',
    data: {
      studentNumber: '2020310001',
      day: '2022-01-05',
      classCode: 'sem-2020-ug-01',
      classPath,
      deadline: '2022-01-05T03:00:00.000Z',
    },
  },
  {
    type: 'FollowUpLogged',
    data: {
      studentNumber: '2020310001',
      day: '2022-01-05',
      attempt: 2,
      channel: 'phone',
      reached: true,
      reason: '手机没电 (phone battery dead)',
      resolution: 'reached',
      loggedBy: 'T-7',
    },
  },
  {
    type: 'FollowUpLogged',
    data: {
      studentNumber: '2020310001',
      day: '2022-01-05',
      attempt: 1,
      channel: 'sms',
      reached: false,
      reason: null,
      resolution: null,
      loggedBy: 'T-7',
    },
  },
  {
    type: 'ClassReportFiled',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      classCode: 'sem-2020-ug-01',
      kind: 'zero',
      changes: [],
      filedBy: 'T-7',
      filing: 1,
      lateByMinutes: 0,
    },
  },
  {
    type: 'ClassReportFiled',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      classCode: 'sem-2020-ug-01',
      kind: 'changes',
      changes: [
        { studentNumber: '2020310001', category: 'location', description: 'Wuhan -> Beijing' },
      ],
      filedBy: 'T-7',
      filing: 2,
      lateByMinutes: 14,
    },
  },
  {
    type: 'CollegeReportCompiled',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      classes: [{ classCode: 'sem-2020-ug-01', kind: 'changes', changes: 1 }],
      zeroReports: 0,
      reportsWithChanges: 1,
      compiledBy: 'L-1',
      pass: 1,
      lateByMinutes: 0,
    },
  },
  {
    type: 'CollegeReportApproved',
    data: { day: '2022-01-05', collegeCode: 'sem', approvedBy: 'D-1', pass: 1, lateByMinutes: 0 },
  },
  {
    type: 'CollegeReportSentBack',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      step: 'first-review',
      reason: 'class 3 counts do not add up',
      sentBackBy: 'D-1',
      pass: 1,
    },
  },
  {
    type: 'CollegeReportSubmitted',
    data: { day: '2022-01-05', collegeCode: 'sem', submittedBy: 'P-1', pass: 1, lateByMinutes: 3 },
  },
  {
    type: 'CollegeReportReopened',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      reason: 'a student was counted twice',
      reopenedBy: 'P-1',
      previousStatus: 'submitted',
      pass: 2,
    },
  },
  {
    type: 'DeadlineMissed',
    data: {
      day: '2022-01-05',
      collegeCode: 'sem',
      step: 'class-report',
      unitCode: 'sem-2020-ug-01',
      deadline: '2022-01-05T03:00:00.000Z',
    },
  },
  {
    type: 'NoticePublished',
    data: {
      noticeId: 'pledge-2022-01',
      title: '防疫承诺书',
      body: 'Please read and acknowledge the epidemic prevention pledge.',
      audience: [
        { unitCode: 'sem', line: 'academic', level: 'college' },
        { unitCode: 'cm1-b3', line: 'residential', level: 'building' },
      ],
      publishedBy: 'L-1',
    },
  },
  { type: 'NoticeAcknowledged', data: { noticeId: 'pledge-2022-01', studentNumber: '2020310001' } },
];

/** The data of one sample, to build a bad one from. */
function sampleData(index: number): object {
  const sample = samples[index];
  if (!sample) throw new Error(`no sample ${index}`);
  return sample.data;
}

describe('reporting event contracts', () => {
  const allTypes = Object.keys(reportingEventVersions) as ReportingEventType[];

  it('lists every reporting event type once per version, all at version 1 today', () => {
    expect(reportingEvents.map((c) => c.type).sort()).toEqual([...allTypes].sort());
    for (const contract of reportingEvents) expect(contract.version).toBe(1);
    expect(allTypes).toHaveLength(15);
  });

  it('names subject, CloudEvents type and data schema consistently', () => {
    for (const c of reportingEvents) {
      expect(c.context).toBe('reporting');
      expect(c.subject).toBe(subjectFor('reporting', c.type));
      expect(c.cloudEventType).toBe(cloudEventType('reporting', c.type, c.version));
      expect(c.dataSchema).toBe(dataSchemaFor('reporting', c.type, c.version));
      expect(c.schema['$id']).toBe(c.dataSchema);
    }
  });

  it('closes every object: additionalProperties is false everywhere', () => {
    for (const c of reportingEvents) {
      const objects = [...objectSchemas(c.schema)];
      expect(objects.length).toBeGreaterThan(0);
      for (const node of objects) expect(node['additionalProperties']).toBe(false);
    }
  });

  it('accepts a realistic payload of every type', () => {
    expect([...new Set(samples.map((s) => s.type))].sort()).toEqual([...allTypes].sort());
    for (const sample of samples) {
      expect({ type: sample.type, valid: valid(sample) }).toEqual({
        type: sample.type,
        valid: true,
      });
    }
  });

  it.each<[string, ReportingEvent]>([
    [
      'a temperature of 60 °C',
      {
        type: 'CheckInSubmitted',
        data: { ...checkIn, health: { temperatureC: 60, symptoms: [] } },
      },
    ],
    [
      'a symptom outside the fixed list',
      {
        type: 'CheckInSubmitted',
        data: { ...checkIn, health: { temperatureC: 36.6, symptoms: ['sneezing' as never] } },
      },
    ],
    [
      'an off-campus location without a city',
      {
        type: 'CheckInSubmitted',
        data: { ...checkIn, location: { kind: 'off-campus', province: 'Hubei' } as never },
      },
    ],
    ['a day that is not a date', { type: 'CheckInSubmitted', data: { ...checkIn, day: '5 Jan' } }],
    [
      'a zero report that lists a change',
      {
        type: 'ClassReportFiled',
        data: {
          ...sampleData(9),
          kind: 'zero',
        } as never,
      },
    ],
    [
      'a report with changes that lists none',
      {
        type: 'ClassReportFiled',
        data: { ...sampleData(8), kind: 'changes' } as never,
      },
    ],
    [
      'an abnormal report without a reason',
      {
        type: 'AbnormalCheckInReported',
        data: { ...sampleData(3), reasons: [] } as never,
      },
    ],
    [
      'a deadline of an unknown step',
      {
        type: 'DeadlineMissed',
        data: { ...sampleData(15), step: 'lunch' } as never,
      },
    ],
    [
      'a notice to nobody',
      { type: 'NoticePublished', data: { ...sampleData(16), audience: [] } as never },
    ],
    [
      'a notice to a room',
      {
        type: 'NoticePublished',
        data: {
          ...sampleData(16),
          audience: [{ unitCode: 'r101', line: 'residential', level: 'room' }],
        } as never,
      },
    ],
  ])('rejects %s', (_what, event) => {
    expect(valid(event)).toBe(false);
  });

  it('looks contracts up by type and version', () => {
    expect(reportingEventContract('DeadlineMissed', 1)?.subject).toBe(
      'bulwark.reporting.DeadlineMissed',
    );
    expect(reportingEventContract('DeadlineMissed', 2)).toBeUndefined();
    expect(isReportingEventType('NoticeAcknowledged')).toBe(true);
    expect(isReportingEventType('StudentEnrolled')).toBe(false);
  });

  it('names the store streams', () => {
    expect(reportingStreamId.checkIns('2020310001')).toBe('check-ins-2020310001');
    expect(reportingStreamId.collegeReport('sem', '2022-01-05')).toBe(
      'college-report-sem-2022-01-05',
    );
    expect(reportingStreamId.notice('n1')).toBe('notice-n1');
    expect(reportingStreamId.noticeAcknowledgement('n1', 's1')).toBe('notice-ack-n1-s1');
  });
});
