// Mass nucleic-acid testing rounds and the dual-line check: pure planning, deciders, fold.
export * from './clock-time';
export * from './closing';
export * from './commands';
export * from './events';
export * from './evolve';
export * from './packing';
export * from './group-cutting';
export * from './dispatch-sheets';
export * from './dual-line-check';
export * from './reconcile-decisions';
export * from './results';
export * from './roster-input';
export * from './routes';
export * from './sampling';
export * from './state';
export * from './tallies';
export * from './plan-decisions';
