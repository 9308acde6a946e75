// The report chain's deadlines: which units missed a step, recorded once on the college report's stream.
export * from './commands';
export * from './deadlines';
