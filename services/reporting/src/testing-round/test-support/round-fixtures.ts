import { given } from '@bulwark/decider';
import type { Counsellor, PlanRound } from '../domain/commands';
import type { TestingNewEvent } from '../domain/events';
import { evolveTestRound } from '../domain/evolve';
import type { RoundStudent } from '../domain/roster-input';
import { initialTestRoundState, type TestRoundState } from '../domain/state';

export const typesOf = (events: readonly TestingNewEvent[]): string[] => events.map((e) => e.type);

/**
 * Test data: a round's history, built by running deciders in turn the way the service does
 * (fold, decide, append). `given()` hands the history to the kernel's given/when/then.
 */
export class RoundHistory {
  readonly events: TestingNewEvent[] = [];
  state: TestRoundState;

  constructor(readonly roundId: string) {
    this.state = initialTestRoundState(roundId);
  }

  /** The kernel's `given` over this history: `.when(decide).then(...)` / `.thenRejects(...)`. */
  given() {
    return given(initialTestRoundState(this.roundId), evolveTestRound, [...this.events]);
  }

  /** Decides on the history so far and appends what was decided (a refusal throws, appends nothing). */
  run(decide: (state: TestRoundState) => TestingNewEvent[]): TestingNewEvent[] {
    const events = decide(this.state);
    this.events.push(...events);
    this.state = events.reduce(evolveTestRound, this.state);
    return events;
  }

  /** The state folded from scratch, as the service would after a restart. */
  refold(): TestRoundState {
    return this.given().state;
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
