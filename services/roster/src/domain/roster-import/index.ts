export * from './csv';
export * from './parse-roster';
export * from './plan-import';
export * from './sample-roster';
