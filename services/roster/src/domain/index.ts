// The roster's pure domain: deciders and folds per aggregate, and the roster import.
export * from './decision';
export * from './events';
export * from './fields';
export * from './relocation';
export * from './roster-import';
export * from './student';
export * from './unit';
