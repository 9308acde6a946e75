import { testingLimits, type CommunityTestRoutes, type TestRoute } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat, requireText } from '../../rules/domain/formats';

/** A route as a command names it; without `fromBuildings` it is open to every building. */
export interface RouteInput {
  name: string;
  fromBuildings?: readonly string[];
}

export interface CommunityRoutesInput {
  community: string;
  routes: readonly RouteInput[];
}

/** Checks the routes of every community: names unique per community, buildings unit codes. */
export function requireRoutes(value: unknown, field = 'routes'): CommunityTestRoutes[] {
  if (!Array.isArray(value)) throw Rejection.invalid(field, `${field} must be a list`);
  const communities = new Set<string>();
  return value.map((input: Partial<Record<keyof CommunityRoutesInput, unknown>> | null, i) => {
    const at = `${field}[${i}]`;
    if (typeof input !== 'object' || input === null) {
      throw Rejection.invalid(at, `${at} must name a community and its routes`);
    }
    const community = requireFormat(input.community, formats.unitCode, `${at}.community`);
    if (communities.has(community)) {
      throw Rejection.invalid(`${at}.community`, `community ${community} has routes twice`);
    }
    communities.add(community);
    const routes = input.routes;
    if (
      !Array.isArray(routes) ||
      routes.length === 0 ||
      routes.length > testingLimits.maxRoutesPerCommunity
    ) {
      throw Rejection.invalid(
        `${at}.routes`,
        `${at}.routes must list 1 to ${testingLimits.maxRoutesPerCommunity} routes`,
      );
    }
    const names = new Set<string>();
    return {
      community,
      routes: routes.map((route: Partial<Record<keyof RouteInput, unknown>> | null, r) => {
        const rat = `${at}.routes[${r}]`;
        if (typeof route !== 'object' || route === null) {
          throw Rejection.invalid(rat, `${rat} must be a route`);
        }
        const name = requireText(route.name, `${rat}.name`, testingLimits.routeName);
        if (names.has(name)) {
          throw Rejection.invalid(`${rat}.name`, `route ${name} of ${community} is named twice`);
        }
        names.add(name);
        const from = route.fromBuildings ?? [];
        if (!Array.isArray(from)) {
          throw Rejection.invalid(`${rat}.fromBuildings`, `${rat}.fromBuildings must be a list`);
        }
        const fromBuildings = [
          ...new Set(
            from.map((code, b) =>
              requireFormat(code, formats.unitCode, `${rat}.fromBuildings[${b}]`),
            ),
          ),
        ];
        return { name, fromBuildings };
      }),
    };
  });
}

/** When a route is taken: from `start` to `end`, in minutes since midnight. */
export interface RouteSlot {
  route: string;
  start: number;
  end: number;
}

/** A min-heap of [free from, route index]: the earliest free route, lowest index on ties. */
class FreeRoutes {
  private readonly heap: [number, number][] = [];

  private at(i: number): [number, number] {
    const entry = this.heap[i];
    if (entry === undefined) throw new Error(`no heap entry at ${i}`);
    return entry;
  }

  private swap(i: number, j: number): void {
    const a = this.at(i);
    this.heap[i] = this.at(j);
    this.heap[j] = a;
  }

  push(entry: [number, number]): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!FreeRoutes.before(this.at(i), this.at(parent))) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peek(): [number, number] | undefined {
    return this.heap[0];
  }

  pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && FreeRoutes.before(this.at(left), this.at(least))) least = left;
      if (right < heap.length && FreeRoutes.before(this.at(right), this.at(least))) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private static before(a: [number, number], b: [number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
}

/**
 * Gives a community's groups, in dorm-line order, their start slots and routes so that two
 * groups on one route never overlap in time.
 *
 * Group k of the community may start at the k-th start slot at the earliest (`firstStart`,
 * then every `interval` minutes): groups are staggered. At its slot a group takes a free
 * route (free: its previous group is clear of it), preferring one that starts at one of the
 * group's buildings, else the route free for longest (declaration order on ties). When no
 * route is free, the group waits for the first slot at which one is, and the slots of the
 * groups after it move on from there. O(log routes) per group, plus the preferred routes of
 * the group's buildings.
 *
 * `pinned` are groups that keep their slot (groups kept by a re-plan): their routes are busy
 * until they end, and the groups scheduled now come after the last of them, as they would
 * have in the first plan. So a re-plan in which nothing moved gives every group the time
 * and route it had.
 */
export class RouteScheduler {
  private readonly freeFrom: number[];
  private readonly free = new FreeRoutes();
  private readonly byBuilding = new Map<string, number[]>();
  private slot = 0;

  constructor(
    private readonly routes: readonly TestRoute[],
    private readonly times: { firstStart: number; interval: number; length: number },
    pinned: readonly RouteSlot[] = [],
  ) {
    const index = new Map(routes.map((route, i) => [route.name, i]));
    this.freeFrom = routes.map(() => 0);
    for (const kept of pinned) {
      const i = index.get(kept.route);
      if (i !== undefined) this.freeFrom[i] = Math.max(this.freeFromOf(i), kept.end);
      if (kept.start >= times.firstStart) {
        const after = Math.floor((kept.start - times.firstStart) / times.interval) + 1;
        this.slot = Math.max(this.slot, after);
      }
    }
    routes.forEach((route, i) => {
      this.free.push([this.freeFromOf(i), i]);
      for (const building of route.fromBuildings) {
        const list = this.byBuilding.get(building);
        if (list) list.push(i);
        else this.byBuilding.set(building, [i]);
      }
    });
  }

  /** The next group's slot and route. */
  next(buildings: readonly string[]): RouteSlot {
    let start = this.times.firstStart + this.slot * this.times.interval;
    let route = this.preferred(buildings, start);
    if (route === undefined) {
      const [freeFrom, earliest] = this.earliestFree();
      if (freeFrom > start) {
        // Nothing is free: wait for the first start slot at or after a route frees up.
        this.slot = Math.ceil((freeFrom - this.times.firstStart) / this.times.interval);
        start = this.times.firstStart + this.slot * this.times.interval;
        route = this.preferred(buildings, start) ?? earliest;
      } else {
        route = earliest;
      }
    }
    const end = start + this.times.length;
    this.freeFrom[route] = end;
    this.free.push([end, route]);
    this.slot += 1;
    return { route: this.routeAt(route).name, start, end };
  }

  private freeFromOf(route: number): number {
    const at = this.freeFrom[route];
    if (at === undefined) throw new Error(`no route ${route}`);
    return at;
  }

  private routeAt(index: number): TestRoute {
    const route = this.routes[index];
    if (route === undefined) throw new Error(`no route ${index}`);
    return route;
  }

  private preferred(buildings: readonly string[], start: number): number | undefined {
    for (const building of buildings) {
      for (const i of this.byBuilding.get(building) ?? []) {
        if (this.freeFromOf(i) <= start) return i;
      }
    }
    return undefined;
  }

  /** The route free for longest; stale heap entries (a route taken since) are dropped. */
  private earliestFree(): [number, number] {
    for (;;) {
      const top = this.free.peek();
      // Every route is in the heap at its current time, so it never runs empty here.
      if (top === undefined) throw new Error('no route in the heap');
      if (this.freeFromOf(top[1]) === top[0]) return top;
      this.free.pop();
    }
  }
}
