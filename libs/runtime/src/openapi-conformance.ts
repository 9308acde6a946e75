import { DefaultValuePipe, type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { readIdempotencyKey } from './idempotency-key.decorator';

type Place = 'query' | 'path' | 'header' | 'body';

/** One input a route takes, as its handler reads it or as the document says. */
interface Input {
  place: Place;
  name: string;
  required: boolean;
  /** The documented schema (documented inputs only). */
  schema?: SchemaObject | ReferenceObject | undefined;
  /** Validators that check each element of a list (accepted body fields only). */
  eachValidators?: string[];
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
  factory?: unknown;
}

/** Validators that make a list's elements strings: the only lists `string[]` may document. */
const STRING_CHECKS = new Set(['isString', 'matches', 'isIn', 'isISO8601', 'isEnum', 'maxLength']);

/**
 * What the OpenAPI document says each route takes, against what the route takes: query, path
 * and header parameters and request-body fields by name and required-ness, from the handler's
 * `@Param`/`@Query`/`@Headers`/`@IdempotencyKey` and its DTOs' class-validator metadata.
 * Answers every mismatch, naming the route and the input; none when the document is true.
 */
export function openApiMismatches(app: INestApplication): string[] {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const mismatches: string[] = [];
  for (const controller of controllersOf(app)) {
    const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const handler: unknown = controller.prototype[method];
      if (typeof handler !== 'function') continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (verb === undefined || own === undefined) continue;
      for (const prefix of base) {
        for (const path of pathsOf(own)) {
          const route = `${RequestMethod[verb]} ${openApiPath(prefix, path)}`;
          const operation = document.paths[openApiPath(prefix, path)]?.[
            RequestMethod[verb].toLowerCase() as 'get'
          ] as { parameters?: (ParameterObject | ReferenceObject)[]; requestBody?: unknown };
          if (operation === undefined) continue; // excluded from the document on purpose
          const accepted = acceptedInputs(controller, method);
          const documented = documentedInputs(document, operation);
          mismatches.push(...compare(route, accepted, documented));
        }
      }
    }
  }
  return mismatches;
}

function controllersOf(app: INestApplication): Type<unknown>[] {
  const found = new Set<Type<unknown>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (wrapper.metatype) found.add(wrapper.metatype as Type<unknown>);
    }
  }
  return [...found];
}

function pathsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function openApiPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function key(input: Input): string {
  return `${input.place} ${input.place === 'header' ? input.name.toLowerCase() : input.name}`;
}

/** What the handler reads: its named parameters, and the fields of its validated DTOs. */
function acceptedInputs(controller: Type<unknown>, method: string): Input[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArg
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ??
    []) as unknown[];
  const inputs: Input[] = [];
  for (const [argKey, arg] of Object.entries(args)) {
    if (argKey.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
      if (arg.factory === readIdempotencyKey) {
        inputs.push({ place: 'header', name: 'Idempotency-Key', required: false });
      }
      continue;
    }
    const paramtype = Number(argKey.split(':')[0]) as RouteParamtypes;
    const place = placeOf(paramtype);
    if (place === undefined) continue;
    if (typeof arg.data === 'string') {
      inputs.push({ place, name: arg.data, required: place === 'path' || rejectsAbsence(arg) });
    } else if (place === 'query' || place === 'body') {
      inputs.push(...fieldsOf(types[arg.index], place));
    }
  }
  return inputs;
}

function placeOf(paramtype: RouteParamtypes): Place | undefined {
  switch (paramtype) {
    case RouteParamtypes.QUERY:
      return 'query';
    case RouteParamtypes.PARAM:
      return 'path';
    case RouteParamtypes.HEADERS:
      return 'header';
    case RouteParamtypes.BODY:
      return 'body';
    default:
      return undefined;
  }
}

/** A named value is required only when a pipe refuses it missing (no default first). */
function rejectsAbsence(arg: RouteArg): boolean {
  const pipes = arg.pipes ?? [];
  if (pipes.some((pipe) => pipe instanceof DefaultValuePipe || pipe === DefaultValuePipe)) {
    return false;
  }
  return pipes.some((pipe) => {
    const options = (pipe as { options?: { optional?: boolean } }).options;
    return options?.optional !== true;
  });
}

/** A DTO's fields as class-validator sees them; none when the type is not a validated class. */
function fieldsOf(type: unknown, place: Place): Input[] {
  if (typeof type !== 'function') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const byField = new Map<string, Input>();
  for (const m of metadata) {
    const field = byField.get(m.propertyName) ?? {
      place,
      name: m.propertyName,
      required: true,
      eachValidators: [],
    };
    if (m.type === 'conditionalValidation') field.required = false;
    if (m.each === true && m.name !== undefined) field.eachValidators?.push(m.name);
    byField.set(m.propertyName, field);
  }
  return [...byField.values()];
}

/** What the document says: its parameters, and the body schema's properties. */
function documentedInputs(
  document: OpenAPIObject,
  operation: { parameters?: (ParameterObject | ReferenceObject)[]; requestBody?: unknown },
): Input[] {
  const inputs: Input[] = [];
  for (const parameter of operation.parameters ?? []) {
    if ('$ref' in parameter) continue;
    if (parameter.in === 'cookie') continue;
    inputs.push({
      place: parameter.in as Place,
      name: parameter.name,
      required: parameter.required === true,
      schema: parameter.schema,
    });
  }
  const body = operation.requestBody as
    { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> } | undefined;
  const schema = resolve(document, body?.content?.['application/json']?.schema);
  const required = new Set(schema?.required ?? []);
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    inputs.push({ place: 'body', name, required: required.has(name), schema: property });
  }
  return inputs;
}

function resolve(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (schema === undefined) return undefined;
  if (!('$ref' in schema)) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(document, document.components?.schemas?.[name]);
}

function compare(route: string, accepted: Input[], documented: Input[]): string[] {
  const said = new Map(documented.map((input) => [key(input), input]));
  const taken = new Map(accepted.map((input) => [key(input), input]));
  const hasBodyFields = accepted.some((input) => input.place === 'body');
  const mismatches: string[] = [];
  for (const input of accepted) {
    const doc = said.get(key(input));
    const what = `${route}: ${input.place} '${input.name}'`;
    if (doc === undefined) {
      mismatches.push(`${what} is accepted but not documented`);
      continue;
    }
    if (doc.required !== input.required) {
      mismatches.push(
        `${what} is ${input.required ? 'required' : 'optional'} but documented ${doc.required ? 'required' : 'optional'}`,
      );
    }
    mismatches.push(...shapeMismatches(what, input, doc.schema));
  }
  for (const input of documented) {
    // A body the handler reads without a validated class (a pipe of its own) is not compared.
    if (input.place === 'body' && !hasBodyFields) continue;
    if (!taken.has(key(input))) {
      mismatches.push(`${route}: ${input.place} '${input.name}' is documented but not accepted`);
    }
  }
  return mismatches;
}

/** The cheap type checks: no shapeless object, no list of strings the route does not check. */
function shapeMismatches(
  what: string,
  input: Input,
  schema: SchemaObject | ReferenceObject | undefined,
): string[] {
  if (schema === undefined || '$ref' in schema) return [];
  if (schema.type === 'object' && !schema.properties && !schema.additionalProperties) {
    return [`${what} is documented as a bare object, which says nothing of its shape`];
  }
  const items = schema.type === 'array' ? schema.items : undefined;
  if (
    input.place === 'body' &&
    items !== undefined &&
    !('$ref' in items) &&
    items.type === 'string' &&
    !(input.eachValidators ?? []).some((name) => STRING_CHECKS.has(name))
  ) {
    return [`${what} is documented as a list of strings, but its elements are not strings`];
  }
  return [];
}
