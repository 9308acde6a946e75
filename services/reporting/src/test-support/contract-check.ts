import { reportingEventContract, testingEventContract } from '@bulwark/contracts';
import type { NewEvent } from '@bulwark/decider';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction>();

/** Problems of an event against its published JSON schema; [] when it conforms. */
export function contractViolations(event: NewEvent): string[] {
  const version = event.schemaVersion ?? 1;
  // Testing-round events are published in the reporting context too.
  const contract =
    reportingEventContract(event.type, version) ?? testingEventContract(event.type, version);
  if (!contract) return [`${event.type}.v${version} is not a published reporting event`];
  const key = `${event.type}.v${version}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(contract.schema)));
  if (validate(event.data)) return [];
  return (validate.errors ?? []).map((e) => `${event.type}${e.instancePath} ${e.message ?? ''}`);
}

/** Fails with every violation of every event. */
export function expectContractConformance(events: readonly NewEvent[]): void {
  expect(events.flatMap(contractViolations)).toEqual([]);
}
