import type { StudentType } from '@bulwark/contracts';
import { rosterColumns } from '../roster-import/domain/parse-roster';
import { csvLine } from '../roster-import/domain/roster-csv';
import type { CreateUnit } from '../units/domain/create-unit';
import { cohorts, nth, sampleStudent, type Cohort, type SampleStudent } from './sample-students';

/**
 * Deterministic rosters shaped like the two colleges of the seeds, for tests and benches:
 * `sampleCollege()` is the 003 School of Economics and Management (2,458 students, 552 MBA
 * mostly in-service, 6 on campus); `sampleCampus()` builds a larger, dorm-heavy campus like the
 * sealed 000 college. Same options, same output, byte for byte (a seeded generator, no clock).
 */
export interface RosterSampleOptions {
  students: number;
  /** Share of students who live on campus (0..1); part-time MBA students never do. */
  onCampusShare: number;
  /** Exact number on campus; overrides onCampusShare. */
  onCampus?: number;
  /** Share of MBA students (0..1), about 85% of them part-time. Default 0.05. */
  mbaShare?: number;
  /** Exact number of MBA students; overrides mbaShare. */
  mba?: number;
  /** Beds per room. Default 4. */
  bedsPerRoom?: number;
  /** Empty rooms on top of those needed, as a share of them (room for relocations). Default 0.1. */
  spareRoomShare?: number;
  /** Students per college; the campus gets as many colleges as it takes. Default 2,500. */
  studentsPerCollege?: number;
  seed?: number;
}

export interface RosterSampleExpectation {
  students: number;
  onCampus: number;
  offCampus: number;
  byClass: Record<string, number>;
  byRoom: Record<string, number>;
  byType: Record<StudentType, number>;
  halal: number;
  riskArea: number;
  colleges: string[];
  classes: number;
  rooms: number;
}

export interface RosterSample {
  /** Create-unit commands, parents before children: academic line, then residential line. */
  units: CreateUnit[];
  /** The roster file, header first, LF line ends. */
  csv: string;
  expected: RosterSampleExpectation;
}

/** The 003 college: 2,458 students, 552 MBA (mostly part-time), 6 on campus, 2,452 off. */
export function sampleCollege(): RosterSample {
  return buildRoster({ students: 2458, onCampusShare: 0, onCampus: 6, mba: 552, seed: 3 }, [
    { code: 'sem', name: '经济管理学院 School of Economics and Management' },
  ]);
}

/** A dorm-heavy campus, e.g. `sampleCampus({ students: 30000, onCampusShare: 0.9 })`. */
export function sampleCampus(options: RosterSampleOptions): RosterSample {
  const perCollege = options.studentsPerCollege ?? 2500;
  const count = Math.max(1, Math.ceil(options.students / perCollege));
  const colleges = Array.from({ length: count }, (_, i) => ({
    code: `col-${String(i + 1).padStart(2, '0')}`,
    name: collegeNames[i % collegeNames.length] + (i >= collegeNames.length ? ` ${i + 1}` : ''),
  }));
  return buildRoster(options, colleges);
}

// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough to spread names and places; seeded, so repeatable. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const collegeNames = [
  '外贸学院 College of Foreign Trade',
  '机电工程学院 College of Mechanical and Electrical Engineering',
  '信息工程学院 College of Information Engineering',
  '经济管理学院 School of Economics and Management',
  '建筑工程学院 College of Civil Engineering',
  '艺术设计学院 College of Art and Design',
];

/** Splits `total` into `parts` near-equal counts, the larger ones first. */
function split(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

function typeMix(students: number, mba: number): Record<StudentType, number> {
  const partTime = Math.round(mba * 0.85);
  const rest = students - mba;
  const phd = Math.round(rest * 0.1);
  const master = Math.round(rest * 0.32);
  return {
    undergraduate: rest - phd - master,
    master,
    phd,
    'full-time-mba': mba - partTime,
    'part-time-mba': partTime,
  };
}

function buildRoster(
  options: RosterSampleOptions,
  colleges: { code: string; name: string }[],
): RosterSample {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => nth(items, Math.floor(random() * items.length));
  const bedsPerRoom = options.bedsPerRoom ?? 4;
  const totalMba = options.mba ?? Math.round(options.students * (options.mbaShare ?? 0.05));

  const units: CreateUnit[] = [
    { code: 'uni', name: '大学 University', level: 'university', parentCode: null },
  ];
  const students: SampleStudent[] = [];
  const byClass: Record<string, number> = {};
  const collegeSizes = split(options.students, colleges.length);
  const collegeMba = split(totalMba, colleges.length);
  let serial = 0;

  colleges.forEach((college, c) => {
    units.push({ code: college.code, name: college.name, level: 'college', parentCode: 'uni' });
    const mix = typeMix(nth(collegeSizes, c), nth(collegeMba, c));
    // Classes per grade (entry year), every type in its own classes.
    const classesByYear = new Map<number, { cohort: Cohort; size: number; index: number }[]>();
    for (const cohort of Object.values(cohorts)) {
      split(mix[cohort.type], cohort.years.length).forEach((inYear, y) => {
        if (inYear === 0) return;
        const year = nth(cohort.years, y);
        const classCount = Math.ceil(inYear / cohort.classSize);
        const list = classesByYear.get(year) ?? [];
        split(inYear, classCount).forEach((size, index) => list.push({ cohort, size, index }));
        classesByYear.set(year, list);
      });
    }
    for (const [year, classes] of [...classesByYear].sort(([a], [b]) => a - b)) {
      const gradeCode = `${college.code}-${year}`;
      units.push({ code: gradeCode, name: `${year}级`, level: 'grade', parentCode: college.code });
      for (const { cohort, size, index } of classes) {
        const classCode = `${gradeCode}-${cohort.code}-${String(index + 1).padStart(2, '0')}`;
        units.push({
          code: classCode,
          name: `${year}级${cohort.label}${index + 1}班`,
          level: 'class',
          parentCode: gradeCode,
        });
        byClass[classCode] = size;
        for (let s = 0; s < size; s += 1) {
          serial += 1;
          students.push(sampleStudent(cohort, year, classCode, serial, random, pick));
        }
      }
    }
  });

  // Who lives on campus: a seeded shuffle of everyone but in-service MBA students.
  const eligible = students.filter((s) => s.type !== 'part-time-mba');
  const wanted = options.onCampus ?? Math.round(options.students * options.onCampusShare);
  const onCampusCount = Math.min(wanted, eligible.length);
  for (let i = eligible.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [nth(eligible, i), nth(eligible, j)];
    eligible[i] = b;
    eligible[j] = a;
  }
  const onCampus = eligible.slice(0, onCampusCount);
  const rooms = layOutRooms(onCampus, bedsPerRoom, options.spareRoomShare ?? 0.1, units);

  const header = csvLine(rosterColumns);
  const lines = students.map((s) =>
    csvLine([
      s.studentNumber,
      s.name,
      s.type,
      s.classCode,
      s.gender,
      s.ethnicity,
      s.halal ? 'yes' : 'no',
      s.phone,
      s.roomCode ?? '',
      s.roomCode ? '' : s.province,
      s.roomCode ? '' : s.city,
      s.roomCode ? '' : s.riskArea ? 'yes' : 'no',
    ]),
  );
  const byType = { undergraduate: 0, master: 0, phd: 0, 'full-time-mba': 0, 'part-time-mba': 0 };
  for (const s of students) byType[s.type] += 1;
  return {
    units,
    csv: [header, ...lines].join('\n') + '\n',
    expected: {
      students: students.length,
      onCampus: onCampus.length,
      offCampus: students.length - onCampus.length,
      byClass,
      byRoom: rooms,
      byType,
      halal: students.filter((s) => s.halal).length,
      riskArea: students.filter((s) => !s.roomCode && s.riskArea).length,
      colleges: colleges.map((c) => c.code),
      classes: Object.keys(byClass).length,
      rooms: Object.keys(rooms).length,
    },
  };
}

/**
 * Rooms for the on-campus students, single-gender, filled in order; then spare empty rooms.
 * Floors hold 20 rooms, buildings 6 floors, communities 8 buildings; a floor holds one gender.
 * Adds the residential units to `units` and returns occupancy by room.
 */
function layOutRooms(
  onCampus: SampleStudent[],
  bedsPerRoom: number,
  spareShare: number,
  units: CreateUnit[],
): Record<string, number> {
  const roomsPerFloor = 20;
  const floorsPerBuilding = 6;
  const buildingsPerCommunity = 8;
  const groups: SampleStudent[][] = [
    onCampus.filter((s) => s.gender === 'female'),
    onCampus.filter((s) => s.gender === 'male'),
  ];
  const needed = groups.reduce((sum, g) => sum + Math.ceil(g.length / bedsPerRoom), 0);
  const spare = Math.ceil(needed * spareShare);
  // Each floor: the students of each of its rooms (a spare room has none).
  const floors: SampleStudent[][][] = [];
  for (const group of groups) {
    let floor: SampleStudent[][] | null = null; // a new floor for each gender
    for (let at = 0; at < group.length; at += bedsPerRoom) {
      if (!floor || floor.length === roomsPerFloor) floors.push((floor = []));
      floor.push(group.slice(at, at + bedsPerRoom));
    }
  }
  let last: SampleStudent[][] | undefined = floors[floors.length - 1];
  for (let spareLeft = spare; spareLeft > 0; spareLeft -= 1) {
    if (!last || last.length === roomsPerFloor) floors.push((last = []));
    last.push([]);
  }

  const occupancy: Record<string, number> = {};
  if (floors.length === 0) return occupancy;
  units.push({ code: 'main', name: '主校区 Main campus', level: 'campus', parentCode: null });
  floors.forEach((rooms, f) => {
    const buildingIndex = Math.floor(f / floorsPerBuilding);
    const communityIndex = Math.floor(buildingIndex / buildingsPerCommunity);
    const community = `cm${communityIndex + 1}`;
    const building = `b${String(buildingIndex + 1).padStart(3, '0')}`;
    const floorNumber = (f % floorsPerBuilding) + 1;
    const floorCode = `${building}-f${floorNumber}`;
    if (buildingIndex % buildingsPerCommunity === 0 && f % floorsPerBuilding === 0) {
      units.push({
        code: community,
        name: `${communityIndex + 1}号公寓社区`,
        level: 'community',
        parentCode: 'main',
      });
    }
    if (f % floorsPerBuilding === 0) {
      units.push({
        code: building,
        name: `${buildingIndex + 1}号楼`,
        level: 'building',
        parentCode: community,
      });
    }
    units.push({ code: floorCode, name: `${floorNumber}层`, level: 'floor', parentCode: building });
    rooms.forEach((occupants, r) => {
      const number = `${floorNumber}${String(r + 1).padStart(2, '0')}`;
      const roomCode = `${building}-${number}`;
      units.push({
        code: roomCode,
        name: `${number}室`,
        level: 'room',
        parentCode: floorCode,
        bedCapacity: bedsPerRoom,
      });
      occupancy[roomCode] = occupants.length;
      for (const student of occupants) student.roomCode = roomCode;
    });
  });
  return occupancy;
}
