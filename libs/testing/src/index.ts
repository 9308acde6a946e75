export * from './postgres';
export * from './nats';
export * from './eventually';
export * from './child-process';
export * from './json-values';
export * from './nest-logs';
