// Deliberately bad: the event store importing auth.
import type { Actor } from '@bulwark/auth';

export type Bad = Actor;
