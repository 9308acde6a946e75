/** Injection tokens of what the runtime provides to a service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const PG_POOL = Symbol('PG_POOL');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');
