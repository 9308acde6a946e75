export * from './rejection';
export * from './input-rules';
export * from './new-event';
export * from './decision';
export * from './spec';
