import type { RosterFeed } from '@bulwark/roster-replica/test-support';

/** The university of the tests: two colleges on the academic line, one community on the dorm line. */
export const world = {
  sem: ['uni', 'sem'],
  sem2021: ['uni', 'sem', 'sem-2021'],
  class1: ['uni', 'sem', 'sem-2021', 'sem-2021-1'],
  class2: ['uni', 'sem', 'sem-2021', 'sem-2021-2'],
  law1: ['uni', 'law', 'law-2021', 'law-2021-1'],
  room101: ['main', 'cm1', 'cm1-b1', 'cm1-b1-f1', 'cm1-b1-101'],
  room201: ['main', 'cm1', 'cm1-b2', 'cm1-b2-f1', 'cm1-b2-201'],
};

/** Units, staff and students: S1-S4 in class 1 (S1, S2 in building b1), S5-S6 in class 2, L1 in law (building b2). */
export async function seedWorld(feed: RosterFeed): Promise<void> {
  await feed.emit(
    feed.academic('uni', 'University', 'university', ['uni']),
    feed.academic('sem', 'School of Economics and Management', 'college', world.sem),
    feed.academic('sem-2021', 'SEM 2021', 'grade', world.sem2021),
    feed.academic('sem-2021-1', '经管2021级1班', 'class', world.class1),
    feed.academic('sem-2021-2', '经管2021级2班', 'class', world.class2),
    feed.academic('law', 'Law School', 'college', ['uni', 'law']),
    feed.academic('law-2021', 'Law 2021', 'grade', ['uni', 'law', 'law-2021']),
    feed.academic('law-2021-1', '法学2021级1班', 'class', world.law1),
    feed.residential('main', 'Main campus', 'campus', ['main']),
    feed.residential('cm1', 'Community 1', 'community', ['main', 'cm1']),
    feed.residential('cm1-b1', 'Building 1', 'building', world.room101.slice(0, 3)),
    feed.residential('cm1-b2', 'Building 2', 'building', world.room201.slice(0, 3)),
    feed.residential('cm1-b1-f1', 'Floor 1', 'floor', world.room101.slice(0, 4)),
    feed.residential('cm1-b1-101', 'Room 101', 'room', world.room101),
    feed.residential('cm1-b2-f1', 'Floor 1', 'floor', world.room201.slice(0, 4)),
    feed.residential('cm1-b2-201', 'Room 201', 'room', world.room201),
    feed.staff('sem-2021-1', 'T-1', '李老师', 'class-counsellor'),
    feed.staff('sem-2021-2', 'T-2', '王老师', 'class-counsellor'),
    feed.staff('sem', 'L-1', '张书记', 'league-secretary'),
    feed.enrolled('S1', world.class1, {
      kind: 'on-campus',
      roomCode: 'cm1-b1-101',
      roomPath: world.room101,
    }),
    feed.enrolled('S2', world.class1, {
      kind: 'on-campus',
      roomCode: 'cm1-b1-101',
      roomPath: world.room101,
    }),
    feed.enrolled('S3', world.class1),
    feed.enrolled('S4', world.class1),
    feed.enrolled('S5', world.class2),
    feed.enrolled('S6', world.class2),
    feed.enrolled('L1', world.law1, {
      kind: 'on-campus',
      roomCode: 'cm1-b2-201',
      roomPath: world.room201,
    }),
  );
  await feed.settled();
}
