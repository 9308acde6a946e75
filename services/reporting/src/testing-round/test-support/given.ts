import type { Rejection } from '@bulwark/decider';
import { rejectionOf } from '@bulwark/decider';
import type { Counsellor, PlanRound } from '../domain/commands';
import type { TestingNewEvent } from '../domain/events';
import { evolveTestRound } from '../domain/evolve';
import type { RoundStudent } from '../domain/roster-input';
import { initialTestRoundState, type TestRoundState } from '../domain/state';

export { rejectionOf };

export const typesOf = (events: readonly TestingNewEvent[]): string[] => events.map((e) => e.type);

/**
 * A round's stream in memory: what the service does per command (fold, decide, append),
 * minus the database. `run` appends what the decider returns; a refusal appends nothing.
 */
export class RoundStream {
  readonly events: TestingNewEvent[] = [];
  state: TestRoundState;

  constructor(readonly roundId: string) {
    this.state = initialTestRoundState(roundId);
  }

  run(decide: (state: TestRoundState) => TestingNewEvent[]): TestingNewEvent[] {
    const events = decide(this.state);
    this.events.push(...events);
    this.state = events.reduce(evolveTestRound, this.state);
    return events;
  }

  /** The state folded from scratch, as the service would after a restart. */
  refold(): TestRoundState {
    return this.events.reduce(evolveTestRound, initialTestRoundState(this.roundId));
  }
}

/** A 5-code room path and a 4-code class path for hand-made students. */
export function student(
  studentNumber: string,
  room: string,
  { floor = room.slice(0, -2), building = 'b1', community = 'cm1', classCode = 'k1' } = {},
): RoundStudent {
  return {
    studentNumber,
    name: `Student ${studentNumber}`,
    classCode,
    classPath: ['uni', 'sem', 'sem-2020', classCode],
    roomCode: room,
    roomPath: ['main', community, building, floor, room],
  };
}

/** `count` students in a room, numbered from `first`. */
export function roomOf(
  room: string,
  count: number,
  first: number,
  options: Parameters<typeof student>[2] = {},
): RoundStudent[] {
  return Array.from({ length: count }, (_, i) => student(`s${first + i}`, room, options));
}

export const at = (iso: string): Date => new Date(iso);

export function counsellor(overrides: Partial<Counsellor> = {}): Counsellor {
  return { actorId: 'T-1', classes: [], communities: [], ...overrides };
}

export function planCommand(overrides: Partial<PlanRound> = {}): PlanRound {
  return {
    roundId: 'r1',
    date: '2022-01-05',
    communities: 'all',
    students: [],
    routes: [],
    firstStart: '07:00',
    intervalMinutes: 5,
    slotMinutes: 15,
    plannedBy: 'office-1',
    ...overrides,
  };
}

/**
 * Runs a command that must be refused: checks the Rejection's kind and field, and that the
 * stream got no event and the state did not change.
 */
export function expectRefused(
  stream: RoundStream,
  decide: (state: TestRoundState) => TestingNewEvent[],
  kind: Rejection['kind'],
  field: string | null,
): Rejection {
  const before = { state: stream.state, events: stream.events.length };
  const rejection = rejectionOf(() => stream.run(decide));
  expect({ kind: rejection.kind, field: rejection.field }).toEqual({ kind, field });
  expect(stream.events.length).toBe(before.events);
  expect(stream.state).toBe(before.state);
  return rejection;
}
