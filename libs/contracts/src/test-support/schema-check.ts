import Ajv2020 from 'ajv/dist/2020';
import type { EventContract } from '../contract';

/**
 * A checker of event payloads against their contracts' JSON schemas. Strict: an unknown
 * keyword or one that cannot apply is an error, not a log line.
 */
export function schemaCheck(contracts: readonly EventContract<string>[]) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validators = new Map(contracts.map((c) => [c.type, ajv.compile(c.schema)]));
  return (event: { type: string; data: unknown }): boolean => {
    const validate = validators.get(event.type);
    if (!validate) throw new Error(`no schema for ${event.type}`);
    return validate(event.data);
  };
}

/** Walks a schema and yields every subschema that describes an object. */
export function* objectSchemas(schema: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(schema)) {
    for (const item of schema) yield* objectSchemas(item);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (node['type'] === 'object') yield node;
  for (const value of Object.values(node)) yield* objectSchemas(value);
}
