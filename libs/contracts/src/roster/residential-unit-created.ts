import { rosterContract } from './roster-contract';
import { dialect, nullableUnitCode, personName, residentialPath, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { residentialLevels, type ResidentialLevel } from './vocabulary';

export const RESIDENTIAL_UNIT_CREATED = 'ResidentialUnitCreated';

/** A campus, apartment community, building, floor or room came into being on the residential line. */
export interface ResidentialUnitCreatedV1 {
  code: string;
  name: string;
  level: ResidentialLevel;
  /** null only for a campus. */
  parentCode: string | null;
  /** Codes from the campus down to this unit, this unit's code last. */
  path: string[];
  /** Beds in a room (integer >= 1); null for every other level. */
  bedCapacity: number | null;
}
export type ResidentialUnitCreated = ResidentialUnitCreatedV1;

export const residentialUnitCreatedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:ResidentialUnitCreated:v1',
  title: 'ResidentialUnitCreated v1',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'level', 'parentCode', 'path', 'bedCapacity'],
  properties: {
    code: unitCode,
    name: personName,
    level: { enum: residentialLevels },
    parentCode: nullableUnitCode,
    path: residentialPath,
    bedCapacity: { type: ['integer', 'null'], minimum: 1 },
  },
  allOf: [
    {
      // A campus is the only root of the line.
      if: { properties: { level: { const: 'campus' } } },
      then: { properties: { parentCode: { type: 'null' }, path: { type: 'array', maxItems: 1 } } },
      else: {
        properties: { parentCode: { type: 'string' }, path: { type: 'array', minItems: 2 } },
      },
    },
    {
      // Only rooms have beds.
      if: { properties: { level: { const: 'room' } } },
      then: { properties: { bedCapacity: { type: 'integer' } } },
      else: { properties: { bedCapacity: { type: 'null' } } },
    },
  ],
} as const;

export const residentialUnitCreatedV1 = rosterContract(
  RESIDENTIAL_UNIT_CREATED,
  1,
  rosterStreamIdPatterns.unit,
  residentialUnitCreatedV1Schema,
);
