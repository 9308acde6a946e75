import type { Pool, PoolClient } from 'pg';

/**
 * Leadership of one named job (e.g. the relay of a service database) among replicas: a
 * PostgreSQL session advisory lock held on a dedicated connection. When the holder dies its
 * connection closes and the lock passes on; nothing else needs cleaning up.
 */
export class AdvisoryLease {
  private client: PoolClient | null = null;
  private lost = false;

  constructor(
    private readonly pool: Pool,
    readonly name: string,
  ) {}

  get held(): boolean {
    return this.client !== null && !this.lost;
  }

  /** Tries once; true when this process now holds the lease. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)::bigint) AS ok',
        [`bulwark:${this.name}`],
      );
      if (!rows[0]?.ok) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.lost = false;
    client.on('error', () => {
      this.lost = true;
    });
    this.client = client;
    return true;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      if (!this.lost)
        await client.query('SELECT pg_advisory_unlock(hashtext($1)::bigint)', [
          `bulwark:${this.name}`,
        ]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}
