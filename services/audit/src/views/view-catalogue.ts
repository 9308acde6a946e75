import { actorActivity } from './actor-activity/actor-activity.projection';
import { isolationOccupancy } from './isolation/isolation-occupancy.projection';
import { mealDeliveries } from './meals/meal-deliveries.projection';
import { reportChain } from './report-chain/report-chain.projection';
import { studentTimeline } from './student-timeline/student-timeline.projection';
import type { ViewDefinition, ViewName } from './view-definition';
import { volunteerMinutes } from './volunteers/volunteer-minutes.projection';

/** Every audit view's definition, by name: what ingestion feeds and a rebuild replays. */
export const viewDefinitions: Readonly<Record<ViewName, ViewDefinition>> = {
  student_timeline: studentTimeline,
  actor_activity: actorActivity,
  report_chain: reportChain,
  isolation_occupancy: isolationOccupancy,
  meal_deliveries: mealDeliveries,
  volunteer_minutes: volunteerMinutes,
};

/** The table of one version of a view. */
export function viewTable(view: ViewName, version: number): string {
  if (!Number.isInteger(version) || version < 1) throw new Error(`bad view version ${version}`);
  return `view_${view}_v${version}`;
}

/** A view's column names, in order (each column definition starts with its name). */
export function columnNames(def: ViewDefinition): string[] {
  return def.columns.map((c) => c.split(' ', 1)[0] ?? c);
}
