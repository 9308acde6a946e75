/**
 * What reporting knows of a student from the roster's events (its own copy): enough to say
 * whether the student is expected to report, and in which class. null: not on the roster.
 */
export interface RosterStudent {
  readonly studentNumber: string;
  readonly classCode: string;
  /** university, college, grade, class. */
  readonly classPath: readonly string[];
  /** campus, community, building, floor, room; null off campus. */
  readonly roomPath: readonly string[] | null;
}

/** The college of a class path (university, college, grade, class). */
export function collegeOf(classPath: readonly string[]): string {
  const college = classPath[1];
  // The roster's contract makes a class path four codes long: a shorter one is a bug upstream.
  if (college === undefined) throw new Error(`class path ${classPath.join('/')} names no college`);
  return college;
}
