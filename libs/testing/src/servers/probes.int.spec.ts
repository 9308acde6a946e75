import { reachNats, reachPostgres } from './probes';

// The servers of the run (jest's global setup has set both variables) answer the probes;
// a port nothing listens on is refused quickly, so a machine without servers fails fast.
describe('server probes (real PostgreSQL and NATS)', () => {
  it('reach the run’s PostgreSQL and NATS with JetStream', async () => {
    await expect(reachPostgres(process.env.DATABASE_URL!)).resolves.toBeUndefined();
    await expect(reachNats(process.env.NATS_URL!)).resolves.toBeUndefined();
  });

  it('reject a port where nothing listens, within the probe timeout', async () => {
    const started = Date.now();
    await expect(reachPostgres('postgres://postgres@127.0.0.1:1/postgres')).rejects.toThrow();
    await expect(reachNats('nats://127.0.0.1:1')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reject PostgreSQL that refuses the user', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.username = 'no_such_role_bulwark';
    await expect(reachPostgres(url.toString())).rejects.toThrow(/no_such_role_bulwark/);
  });
});
