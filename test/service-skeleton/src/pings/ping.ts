import { Rejection, requireText, type EventLike, type NewEvent } from '@bulwark/decider';

/** The slice's domain, pure: a ping is recorded once per label. */
export interface PingState {
  pinged: boolean;
}

export const initialPing: PingState = { pinged: false };

export function evolvePing(state: PingState, event: EventLike): PingState {
  return event.type === 'Pinged' ? { pinged: true } : state;
}

export function decidePing(state: PingState, label: unknown): NewEvent[] {
  const text = requireText(label, 'label', 40);
  if (state.pinged) throw Rejection.conflict('label', `${text} was pinged already`);
  return [{ type: 'Pinged', data: { label: text } }];
}
