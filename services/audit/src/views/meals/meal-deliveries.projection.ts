import { EVENT_DATA, lit, localDate, type ViewDefinition } from '../view-definition';

/**
 * Meals brought to isolated students: delivered or failed. Meals has no contracts yet: event
 * types are matched by pattern and data fields read by name (`meal`, `date` or `day`,
 * `studentNumber`, `communityCode`/`roomCode`/`unitCode`); rebuild the view after changing a
 * rule (`audit replay --view meal_deliveries`).
 */
export const mealRules = {
  context: 'meals',
  deliveredPattern: 'Delivered$',
  failedPattern: '(DeliveryFailed|NotDelivered|DeliveryMissed)$',
} as const;

export const mealDeliveries: ViewDefinition = {
  name: 'meal_deliveries',
  revision: 1,
  description: 'Meals delivered and failed, per day and meal',
  columns: [
    'day date NOT NULL',
    'meal text',
    'outcome text NOT NULL',
    'student_number text',
    'unit_code text',
    'occurred_at timestamptz NOT NULL',
    'seq bigint NOT NULL',
  ],
  context: mealRules.context,
  indexes: ['day, seq', 'seq'],
  factsFrom: (source, where) => `
    SELECT coalesce(audit_try_date(coalesce(x.d->>'date', x.d->>'day')), ${localDate}),
           x.d->>'meal',
           CASE WHEN l.type ~ ${lit(mealRules.failedPattern)} THEN 'failed' ELSE 'delivered' END,
           x.d->>'studentNumber',
           coalesce(x.d->>'communityCode', x.d->>'roomCode', x.d->>'unitCode'),
           l.occurred_at, l.seq
      FROM ${source} l ${EVENT_DATA}
     WHERE l.context = ${lit(mealRules.context)}
       AND (l.type ~ ${lit(mealRules.deliveredPattern)} OR l.type ~ ${lit(mealRules.failedPattern)})
       AND (${where})`,
};
