import type { RecordedEvent } from '@bulwark/event-store';

/**
 * Who wants to know that events were just committed in this process: metrics, and the relay
 * and projections, which then run at once instead of waiting for their next poll.
 */
export class AppendListeners {
  private readonly listeners: ((events: RecordedEvent[]) => void)[] = [];

  add(listener: (events: RecordedEvent[]) => void): void {
    this.listeners.push(listener);
  }

  notify(events: RecordedEvent[]): void {
    for (const l of this.listeners) l(events);
  }
}
