import { cloudEventType, dataSchemaFor, subjectFor, type Context } from './subjects';

/**
 * A JSON Schema document as a plain object (draft 2020-12). Kept as a bare record so this
 * package depends on nothing; validate with `ajv/dist/2020`.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

export const jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';

/** Everything a subscriber needs to know about one version of one integration event. */
export interface EventContract<T extends string = string> {
  readonly context: Context;
  readonly type: T;
  readonly version: number;
  /** NATS subject, shared by all versions of the type. */
  readonly subject: string;
  /** CloudEvents `type`, one per version. */
  readonly cloudEventType: string;
  /** CloudEvents `dataschema`, equal to the schema's `$id`. */
  readonly dataSchema: string;
  /** The store stream the event is appended to, e.g. `unit-<code>`; it is the envelope's `subject`. */
  readonly streamIdPattern: string;
  readonly schema: JsonSchema;
}

export function eventContract<T extends string>(
  context: Context,
  type: T,
  version: number,
  streamIdPattern: string,
  schema: JsonSchema,
): EventContract<T> {
  const dataSchema = dataSchemaFor(context, type, version);
  // A schema whose $id disagrees with its registry entry would be published under the wrong name.
  if (schema['$id'] !== dataSchema) {
    throw new TypeError(`schema $id of ${type}.v${version} must be ${dataSchema}`);
  }
  return {
    context,
    type,
    version,
    subject: subjectFor(context, type),
    cloudEventType: cloudEventType(context, type, version),
    dataSchema,
    streamIdPattern,
    schema,
  };
}
