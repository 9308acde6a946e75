export * from './acknowledge';
export * from './commands';
export * from './evolve';
export * from './publish';
export * from './state';
