export * from './class-report';
export * from './commands';
export * from './compile';
export * from './evolve';
export * from './guards';
export * from './reopen';
export * from './review';
export * from './state';
