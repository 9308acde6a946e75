/** What every service reads from its environment (README: "Environment variables"). */
export interface ServiceConfig {
  databaseUrl: string;
  natsUrl: string;
  natsPrefix: string;
  port: number;
  pgPoolSize: number;
  relayBatchSize: number;
  relayPollMs: number;
  streamReplicas: number;
}

export function serviceConfigFromEnv(
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('DATABASE_URL is required: the PostgreSQL database of this service');
  return {
    databaseUrl,
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    natsPrefix: env.NATS_PREFIX ?? '',
    port: positive('PORT', env.PORT, defaultPort),
    pgPoolSize: positive('PG_POOL_SIZE', env.PG_POOL_SIZE, 10),
    relayBatchSize: positive('RELAY_BATCH_SIZE', env.RELAY_BATCH_SIZE, 1000),
    relayPollMs: positive('RELAY_POLL_MS', env.RELAY_POLL_MS, 100),
    streamReplicas: positive('STREAM_REPLICAS', env.STREAM_REPLICAS, 1),
  };
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * A test's service config: the defaults of serviceConfigFromEnv, on the suite's own database
 * and NATS namespace, any free port, and a quick relay poll.
 */
export function testServiceConfig(
  databaseUrl: string,
  nats: { url: string; prefix: string },
): ServiceConfig {
  return serviceConfigFromEnv(0, {
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.prefix,
    RELAY_POLL_MS: '50',
  });
}
