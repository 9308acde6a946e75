import { chooseTestServers, TestServers } from './choose-servers';
import { reachNats, reachPostgres } from './probes';

let chosen: Promise<TestServers> | null = null;

/**
 * The servers a test process uses. Under jest the global setup has chosen them and set
 * DATABASE_URL and NATS_URL, so this only reads them. Anywhere else (a script, another
 * runner) it makes the same choice without containers: those are started by the global
 * setup alone, in jest's own process (testcontainers takes over a second to load).
 */
export function workerServers(): Promise<TestServers> {
  chosen ??= chooseTestServers(process.env, {
    reachPostgres,
    reachNats,
    startPostgres: noContainer,
    startNats: noContainer,
  });
  return chosen;
}

async function noContainer(): Promise<never> {
  throw new Error('containers start only in the jest global setup: run the tests with jest');
}
