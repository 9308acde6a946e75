// What every slice's domain shares: the university's rules and reporting day, input formats,
// the event builder and what reporting knows of a student. Pure: no I/O, no clock, no random.
export * from './events';
export * from './formats';
export * from './reporting-day';
export * from './roster-student';
export * from './rules';
