// Deliberately bad: the event store importing the transport.
import { EventRelay } from '@bulwark/messaging';

export const bad = EventRelay;
