import { jsonSchemaDialect } from '../contract';
import { rosterPatterns } from '../roster/vocabulary';
import {
  abnormalReasons,
  exposureCategories,
  reportingPatterns,
  reportingTextLimits,
  submitterRoles,
  symptoms,
  temperatureRangeC,
} from './vocabulary';

// Fragments reused by the reporting schemas. Each is a plain literal; none carries an $id.

export const dialect = jsonSchemaDialect;

export const day = { type: 'string', pattern: reportingPatterns.day } as const;

export const unitCode = { type: 'string', pattern: rosterPatterns.unitCode } as const;

export const studentNumber = { type: 'string', pattern: rosterPatterns.studentNumber } as const;

export const actorId = { type: 'string', pattern: reportingPatterns.actorId } as const;

export const noticeId = { type: 'string', pattern: reportingPatterns.noticeId } as const;

export const reason = {
  type: 'string',
  minLength: 1,
  maxLength: reportingTextLimits.reason,
} as const;

/** university, college, grade, class. */
export const classPath = { type: 'array', items: unitCode, minItems: 4, maxItems: 4 } as const;

/** An instant in UTC, as `Date.prototype.toISOString()` writes it. */
export const instant = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$',
} as const;

export const lateByMinutes = { type: 'integer', minimum: 0 } as const;

const place = { type: 'string', minLength: 1, maxLength: reportingTextLimits.place } as const;

export const location = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { const: 'on-campus' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'province', 'city'],
      properties: { kind: { const: 'off-campus' }, province: place, city: place },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { const: 'in-transit' } },
    },
  ],
} as const;

export const temperatureC = {
  type: 'number',
  minimum: temperatureRangeC.min,
  maximum: temperatureRangeC.max,
} as const;

export const symptomList = {
  type: 'array',
  items: { enum: symptoms },
  uniqueItems: true,
  maxItems: symptoms.length,
} as const;

export const health = {
  type: 'object',
  additionalProperties: false,
  required: ['temperatureC', 'symptoms'],
  properties: { temperatureC, symptoms: symptomList },
} as const;

export const exposure = { enum: exposureCategories } as const;

export const abnormalReasonList = {
  type: 'array',
  items: { enum: abnormalReasons },
  uniqueItems: true,
  maxItems: abnormalReasons.length,
} as const;

export const submittedBy = {
  type: 'object',
  additionalProperties: false,
  required: ['actorId', 'role'],
  properties: { actorId, role: { enum: submitterRoles } },
} as const;
