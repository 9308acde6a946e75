import { jsonSchemaDialect } from '../contract';
import { rosterPatterns, rosterTextLimits } from './vocabulary';

// Fragments reused by the roster schemas. Each is a plain literal; none carries an $id.

export const dialect = jsonSchemaDialect;

export const unitCode = { type: 'string', pattern: rosterPatterns.unitCode } as const;

export const nullableUnitCode = {
  type: ['string', 'null'],
  pattern: rosterPatterns.unitCode,
} as const;

export const studentNumber = { type: 'string', pattern: rosterPatterns.studentNumber } as const;

export const personName = {
  type: 'string',
  minLength: 1,
  maxLength: rosterTextLimits.name,
} as const;

export const place = { type: 'string', minLength: 1, maxLength: rosterTextLimits.place } as const;

export const relocationId = { type: 'string', pattern: rosterPatterns.relocationId } as const;

export const nullableRelocationId = {
  type: ['string', 'null'],
  pattern: rosterPatterns.relocationId,
} as const;

/** Codes from the top of the academic line down to the unit itself. */
export const academicPath = { type: 'array', items: unitCode, minItems: 1, maxItems: 4 } as const;

/** Codes from the campus down to the unit itself. */
export const residentialPath = {
  type: 'array',
  items: unitCode,
  minItems: 1,
  maxItems: 5,
} as const;

/** university, college, grade, class. */
export const classPath = { type: 'array', items: unitCode, minItems: 4, maxItems: 4 } as const;

/** campus, community, building, floor, room. */
export const roomPath = { type: 'array', items: unitCode, minItems: 5, maxItems: 5 } as const;
