// Reporting's pure domain: deciders and folds per aggregate. No I/O, no clock, no random.
export * from './check-in';
export * from './college-report';
export * from './events';
export * from './fields';
export * from './notice';
export * from './reporting-day';
export * from './roster-student';
export * from './rules';
