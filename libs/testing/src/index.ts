export * from './postgres';
export * from './nats';
export * from './eventually';
export * from './decider-spec';
export * from './child-process';
export * from './json-values';
