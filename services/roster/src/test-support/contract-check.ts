import { isRosterEventType, rosterEventContract, rosterEventVersions } from '@bulwark/contracts';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { NewEvent } from '@bulwark/decider';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction>();

/**
 * Problems of a decided event against its published JSON schema, and against the version the
 * roster writes today (a decider stamps it through the event builder); [] when it conforms.
 */
export function contractViolations(event: NewEvent): string[] {
  const version = event.schemaVersion ?? 1;
  const contract = rosterEventContract(event.type, version);
  if (!contract) return [`${event.type}.v${version} is not a published roster event`];
  const current = isRosterEventType(event.type) ? rosterEventVersions[event.type] : undefined;
  if (event.schemaVersion !== current) {
    return [
      `${event.type} written at v${String(event.schemaVersion)}, the roster writes v${current}`,
    ];
  }
  const key = `${event.type}.v${version}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(contract.schema)));
  if (validate(event.data)) return [];
  return (validate.errors ?? []).map((e) => `${event.type}${e.instancePath} ${e.message ?? ''}`);
}

/** Fails with every violation of every event. */
export function expectContractConformance(events: readonly NewEvent[]): void {
  const violations = events.flatMap(contractViolations);
  expect(violations).toEqual([]);
}
