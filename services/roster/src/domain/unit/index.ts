export * from './commands';
export * from './decide';
export * from './evolve';
export * from './levels';
export * from './state';
