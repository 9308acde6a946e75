import type { RoundStudent } from '../domain/roster-input';
import type { CommunityRoutesInput } from '../domain/routes';
import { defined } from '../../test-support/defined';

/** A small deterministic PRNG (mulberry32): the same seed, the same campus. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleDormsOptions {
  /** Students on campus, split evenly over the communities. */
  students: number;
  communities: number;
  floorsPerBuilding?: number;
  roomsPerFloor?: number;
  /** Beds per room; rooms are full with 70% chance, else partly occupied. */
  beds?: number;
  classSize?: number;
  seed?: number;
}

export interface SampleDorms {
  students: RoundStudent[];
  routes: CommunityRoutesInput[];
  communities: string[];
  /** Class code -> student numbers; building code -> student numbers. */
  classes: Map<string, string[]>;
  buildings: Map<string, string[]>;
  /** Building code -> its community. */
  communityOf: Map<string, string>;
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '孙'];
const givenNames = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A deterministic campus of students on campus: communities `cm1…`, buildings `cm1-b01…`,
 * floors `cm1-b01-f1…`, rooms `cm1-b01-101…` with `beds` beds, rooms full or partly
 * occupied (so floors range from under a group to over one). Classes of `classSize` cut
 * across the dorm line as they do in life; per community, routes from its buildings plus one
 * open route.
 */
export function sampleDorms(options: SampleDormsOptions): SampleDorms {
  const {
    students: total,
    communities: communityCount,
    floorsPerBuilding = 6,
    roomsPerFloor = 12,
    beds = 4,
    classSize = 30,
    seed = 2022,
  } = options;
  const random = seeded(seed);
  const classCount = Math.max(1, Math.ceil(total / classSize));
  const students: RoundStudent[] = [];
  const routes: CommunityRoutesInput[] = [];
  const communities: string[] = [];
  const classes = new Map<string, string[]>();
  const buildings = new Map<string, string[]>();
  const communityOf = new Map<string, string>();

  for (let c = 1; c <= communityCount; c += 1) {
    const community = `cm${c}`;
    communities.push(community);
    const quota = Math.floor(total / communityCount) + (c <= total % communityCount ? 1 : 0);
    let placed = 0;
    let buildingNo = 0;
    while (placed < quota) {
      buildingNo += 1;
      const building = `${community}-b${pad(buildingNo, 2)}`;
      communityOf.set(building, community);
      buildings.set(building, []);
      for (let f = 1; f <= floorsPerBuilding && placed < quota; f += 1) {
        const floor = `${building}-f${f}`;
        for (let r = 1; r <= roomsPerFloor && placed < quota; r += 1) {
          const room = `${building}-${f}${pad(r, 2)}`;
          const occupancy = random() < 0.7 ? beds : 1 + Math.floor(random() * beds);
          for (let bed = 0; bed < occupancy && placed < quota; bed += 1) {
            const i = students.length;
            // Classes cut across the dorm line: consecutive beds go to different classes.
            const classIndex = (i * 7919) % classCount;
            const college = `col${classIndex % 5}`;
            const grade = `${college}-2020`;
            const classCode = `${grade}-${pad(classIndex, 4)}`;
            const studentNumber = `2020${pad(i, 6)}`;
            students.push({
              studentNumber,
              name: `${surnames[i % surnames.length]}${givenNames[(i * 7) % givenNames.length]}${i}`,
              classCode,
              classPath: ['uni', college, grade, classCode],
              roomCode: room,
              roomPath: ['main', community, building, floor, room],
            });
            buildings.get(building)!.push(studentNumber);
            const list = classes.get(classCode);
            if (list) list.push(studentNumber);
            else classes.set(classCode, [studentNumber]);
            placed += 1;
          }
        }
      }
    }
    const built = [...buildings.keys()].filter((b) => communityOf.get(b) === community);
    const half = Math.ceil(built.length / 2);
    routes.push({
      community,
      routes: [
        { name: `${community} north path`, fromBuildings: built.slice(0, half) },
        { name: `${community} south path`, fromBuildings: built.slice(half) },
        { name: `${community} canteen loop` },
      ],
    });
  }
  return { students, routes, communities, classes, buildings, communityOf };
}

export interface SampleTallies {
  classTallies: { classCode: string; studentNumbers: string[] }[];
  dormTallies: { buildingCode: string; studentNumbers: string[] }[];
  /** Left out of the dorm line, left out of the class line. */
  classLineOnly: string[];
  dormLineOnly: string[];
}

/**
 * Both lines of a check in which everyone was tested, except that `seeded` students are
 * missing from the dorm line and another `seeded` from the class line (spread over campus).
 */
export function sampleTallies(dorms: SampleDorms, seededDiscrepancies: number): SampleTallies {
  const everyone = dorms.students.map((s) => s.studentNumber);
  const step = Math.max(1, Math.floor(everyone.length / (2 * seededDiscrepancies + 1)));
  const classLineOnly = new Set<string>();
  const dormLineOnly = new Set<string>();
  for (let k = 0; k < seededDiscrepancies; k += 1) {
    classLineOnly.add(defined(everyone[(2 * k + 1) * step]));
    dormLineOnly.add(defined(everyone[(2 * k + 2) * step]));
  }
  return {
    classTallies: [...dorms.classes].map(([classCode, members]) => ({
      classCode,
      studentNumbers: members.filter((n) => !dormLineOnly.has(n)),
    })),
    dormTallies: [...dorms.buildings].map(([buildingCode, members]) => ({
      buildingCode,
      studentNumbers: members.filter((n) => !classLineOnly.has(n)),
    })),
    classLineOnly: [...classLineOnly],
    dormLineOnly: [...dormLineOnly],
  };
}
