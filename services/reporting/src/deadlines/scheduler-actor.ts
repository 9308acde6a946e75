/** The deadline scheduler's actor: recorded on the events it causes. */
export const SCHEDULER_ACTOR = 'system:deadline-scheduler';
