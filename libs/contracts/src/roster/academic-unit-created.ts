import { rosterContract } from './roster-contract';
import { academicPath, dialect, nullableUnitCode, personName, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { academicLevels, type AcademicLevel } from './vocabulary';

export const ACADEMIC_UNIT_CREATED = 'AcademicUnitCreated';

/** A university, college, grade or class came into being on the academic line. */
export interface AcademicUnitCreatedV1 {
  code: string;
  name: string;
  level: AcademicLevel;
  /** null only for the university. */
  parentCode: string | null;
  /** Codes from the university down to this unit, this unit's code last. */
  path: string[];
}
export type AcademicUnitCreated = AcademicUnitCreatedV1;

export const academicUnitCreatedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:AcademicUnitCreated:v1',
  title: 'AcademicUnitCreated v1',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'level', 'parentCode', 'path'],
  properties: {
    code: unitCode,
    name: personName,
    level: { enum: academicLevels },
    parentCode: nullableUnitCode,
    path: academicPath,
  },
  // The university is the only root of the line.
  if: { properties: { level: { const: 'university' } } },
  then: { properties: { parentCode: { type: 'null' }, path: { type: 'array', maxItems: 1 } } },
  else: { properties: { parentCode: { type: 'string' }, path: { type: 'array', minItems: 2 } } },
} as const;

export const academicUnitCreatedV1 = rosterContract(
  ACADEMIC_UNIT_CREATED,
  1,
  rosterStreamIdPatterns.unit,
  academicUnitCreatedV1Schema,
);
