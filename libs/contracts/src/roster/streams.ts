/**
 * Store streams of the roster, one per aggregate instance. The stream id is the CloudEvents
 * `subject` of every event on it, so subscribers can group by unit, student or relocation.
 * Unit codes are one namespace across both lines: `unit-<code>` holds academic and residential units.
 */
export const rosterStreamId = {
  unit: (code: string): string => `unit-${code}`,
  student: (studentNumber: string): string => `student-${studentNumber}`,
  relocation: (relocationId: string): string => `relocation-${relocationId}`,
} as const;

export const rosterStreamIdPatterns = {
  unit: 'unit-<code>',
  student: 'student-<studentNumber>',
  relocation: 'relocation-<relocationId>',
} as const;
