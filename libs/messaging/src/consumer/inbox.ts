import { crashPoint } from '@bulwark/event-store/crash-point';
import type { Pool, PoolClient } from 'pg';
import type { BulwarkCloudEvent } from '../envelope/cloud-event';

/**
 * Applies an event's effect at most once per consumer: the inbox row and the effect commit
 * together, so a redelivery after a crash (before the ack reached JetStream) changes nothing.
 * Returns false when the event had been applied already.
 */
export async function applyOnce(
  pool: Pool,
  consumer: string,
  event: Pick<BulwarkCloudEvent, 'id' | 'type'>,
  effect: (tx: PoolClient) => Promise<void>,
): Promise<boolean> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const { rowCount } = await tx.query(
      'INSERT INTO inbox (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [consumer, event.id, event.type],
    );
    if (rowCount === 0) {
      await tx.query('ROLLBACK');
      return false;
    }
    await effect(tx);
    await tx.query('COMMIT');
    crashPoint('consumer.after-commit');
    return true;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
