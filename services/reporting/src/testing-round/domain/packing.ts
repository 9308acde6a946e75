import { buildingOf, communityOf, floorOf, type RoundStudent } from './roster-input';

/** A group before it has a time and a route. */
export interface PackedGroup {
  readonly community: string;
  readonly students: readonly RoundStudent[];
  readonly buildings: readonly string[];
  readonly floors: readonly string[];
  readonly rooms: readonly string[];
}

/**
 * Sort keys that order codes naturally (`b2-f9` before `b2-f10`): digit runs are padded.
 * Memoised per code; there are far fewer rooms than students.
 */
function naturalKeys(): (code: string) => string {
  const keys = new Map<string, string>();
  return (code) => {
    let key = keys.get(code);
    if (key === undefined) {
      key = code.replace(/[0-9]+/g, (digits) => digits.padStart(12, '0'));
      keys.set(code, key);
    }
    return key;
  };
}

/**
 * Students in dorm-line order: community > building > floor > room (codes in natural
 * order), then student number. A total order, so the plan is the same whatever order the
 * students came in. O(n log n).
 */
export function dormLineOrder(students: readonly RoundStudent[]): RoundStudent[] {
  const naturalKey = naturalKeys();
  const keyed = students.map((student) => ({
    student,
    key: [
      naturalKey(communityOf(student)),
      naturalKey(buildingOf(student)),
      naturalKey(floorOf(student)),
      naturalKey(student.roomCode),
      student.studentNumber,
    ].join('\u0000'),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.student);
}

/** Consecutive runs of students sharing a key. */
/** The first student of a run (runs are never empty). */
function student0(run: readonly RoundStudent[]): RoundStudent {
  const [first] = run;
  if (!first) throw new Error('a run of students is never empty');
  return first;
}

function runs(
  students: readonly RoundStudent[],
  keyOf: (s: RoundStudent) => string,
): RoundStudent[][] {
  const result: RoundStudent[][] = [];
  let run: RoundStudent[] = [];
  for (const student of students) {
    const head = run[0];
    if (head !== undefined && keyOf(head) !== keyOf(student)) {
      result.push(run);
      run = [];
    }
    run.push(student);
  }
  if (run.length > 0) result.push(run);
  return result;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Splits one community's students (in dorm-line order) into groups of at most `groupSize`,
 * walking the dorm line: a floor joins the current group when it fits there, else it starts
 * a fresh group when it fits in one; a floor larger than a group is taken room by room the
 * same way. A room is never split, unless it alone holds more students than a group (rooms
 * have at most 16 beds, so only with a tiny group size): then it is cut into groups of its
 * own and reported in `oversizeRooms`. Linear.
 */
export function packCommunity(
  community: string,
  students: readonly RoundStudent[],
  groupSize: number,
): { groups: PackedGroup[]; oversizeRooms: string[] } {
  const groups: RoundStudent[][] = [];
  const oversizeRooms: string[] = [];
  let current: RoundStudent[] = [];
  const close = () => {
    if (current.length > 0) groups.push(current);
    current = [];
  };
  /** Adds a run that must stay together: to the current group, else to a fresh one. */
  const place = (run: RoundStudent[]): boolean => {
    if (run.length <= groupSize - current.length) {
      current.push(...run);
      return true;
    }
    if (run.length <= groupSize) {
      close();
      current.push(...run);
      return true;
    }
    return false;
  };

  for (const floor of runs(students, floorOf)) {
    if (place(floor)) continue;
    for (const room of runs(floor, (s) => s.roomCode)) {
      if (place(room)) continue;
      close();
      oversizeRooms.push(student0(room).roomCode);
      for (let at = 0; at < room.length; at += groupSize) {
        current = room.slice(at, at + groupSize);
        if (current.length === groupSize) close();
      }
    }
  }
  close();

  return {
    groups: groups.map((members) => ({
      community,
      students: members,
      buildings: distinct(members.map(buildingOf)),
      floors: distinct(members.map(floorOf)),
      rooms: distinct(members.map((s) => s.roomCode)),
    })),
    oversizeRooms,
  };
}
