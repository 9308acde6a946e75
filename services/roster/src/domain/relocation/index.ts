export * from './commands';
export * from './decide';
export * from './evolve';
export * from './state';
