/**
 * The one row a query returns by construction (an aggregate, the chain's head, an INSERT …
 * RETURNING): its absence means the database is not what the migrations made it.
 */
export function oneRow<R>(result: { rows: R[] }, what: string): R {
  const row = result.rows[0];
  if (row === undefined) throw new Error(`${what}: the query returned no row`);
  return row;
}
