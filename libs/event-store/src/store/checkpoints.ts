import type { Pool, PoolClient } from 'pg';
import type { Checkpoint } from '../types';
import { START } from './postgres-event-store';

type Queryable = Pool | PoolClient;

/** Where an in-order reader (relay, projector, consumer) has got to, by name. */
export async function loadCheckpoint(
  db: Queryable,
  name: string,
  forUpdate = false,
): Promise<Checkpoint> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM checkpoints WHERE name = $1
     ${forUpdate ? 'FOR UPDATE' : ''}`,
    [name],
  );
  const [row] = rows;
  if (!row) return START;
  return {
    transactionId: BigInt(row.transaction_id),
    globalPosition: BigInt(row.global_position),
  };
}

/** Saves a checkpoint; call it in the same transaction as the effect it vouches for. */
export async function saveCheckpoint(db: Queryable, name: string, cp: Checkpoint): Promise<void> {
  await db.query(
    `INSERT INTO checkpoints (name, transaction_id, global_position, updated_at)
     VALUES ($1, $2::text::xid8, $3, now())
     ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [name, cp.transactionId.toString(), cp.globalPosition.toString()],
  );
}

/** Makes sure a checkpoint row exists, so a reader can lock it FOR UPDATE. */
export async function ensureCheckpoint(db: Queryable, name: string): Promise<void> {
  await db.query(
    `INSERT INTO checkpoints (name, transaction_id, global_position) VALUES ($1, '0'::xid8, 0)
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
}

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}
