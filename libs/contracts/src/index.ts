// @bulwark/contracts: what the contexts say to each other. Depends on nothing.
export * from './contract';
export * from './subjects';
export * from './roster';
export * from './reporting';
export * from './testing';
export * from './private-events';
