import { jsonSchemaDialect } from '../contract';
import { reportingPatterns } from '../reporting/vocabulary';
import { rosterPatterns } from '../roster/vocabulary';
import { testingLimits, testingPatterns } from './vocabulary';

// Fragments reused by the testing-round schemas. Each is a plain literal; none carries an $id.

export const dialect = jsonSchemaDialect;

/** The round's date, `YYYY-MM-DD`, a reporting day. */
export const date = { type: 'string', pattern: reportingPatterns.day } as const;

export const roundId = { type: 'string', pattern: testingPatterns.roundId } as const;

export const groupId = { type: 'string', pattern: testingPatterns.groupId } as const;

export const unitCode = { type: 'string', pattern: rosterPatterns.unitCode } as const;

export const unitCodes = { type: 'array', items: unitCode, uniqueItems: true } as const;

export const studentNumber = { type: 'string', pattern: rosterPatterns.studentNumber } as const;

export const studentNumbers = {
  type: 'array',
  items: studentNumber,
  uniqueItems: true,
  maxItems: testingLimits.maxTallyStudents,
} as const;

export const actorId = { type: 'string', pattern: reportingPatterns.actorId } as const;

export const personName = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const routeName = {
  type: 'string',
  minLength: 1,
  maxLength: testingLimits.routeName,
} as const;

export const startTime = { type: 'string', pattern: testingPatterns.startTime } as const;

export const clockTime = { type: 'string', pattern: testingPatterns.clockTime } as const;

export const nullableClockTime = {
  type: ['string', 'null'],
  pattern: testingPatterns.clockTime,
} as const;

/** An instant in UTC, as `Date.prototype.toISOString()` writes it. */
export const instant = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$',
} as const;

export const count = { type: 'integer', minimum: 0 } as const;

export const discrepancyId = { type: 'string', pattern: testingPatterns.discrepancyId } as const;

/** university, college, grade, class. */
export const classPath = { type: 'array', items: unitCode, minItems: 4, maxItems: 4 } as const;

/** campus, community, building, floor, room. */
export const roomPath = { type: 'array', items: unitCode, minItems: 5, maxItems: 5 } as const;

/** A student as the round knows them: enough to find their group, class and room. */
export const roundStudent = {
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'name', 'classCode', 'classPath', 'roomCode', 'roomPath'],
  properties: {
    studentNumber,
    name: personName,
    classCode: unitCode,
    classPath,
    roomCode: unitCode,
    roomPath,
  },
} as const;
