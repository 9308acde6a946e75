// Non-responders and their follow-ups: decided on the student's check-in record (check-in/domain).
export * from './follow-up';
export * from './non-responder';
export * from './commands';
