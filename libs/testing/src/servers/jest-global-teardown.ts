import type { TestServers } from './choose-servers';
import { RUN_SERVERS } from './jest-global-setup';

/** Jest global teardown of the integration tests: stops the containers the setup started. */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as { [RUN_SERVERS]?: TestServers };
  await slot[RUN_SERVERS]?.stop();
  delete slot[RUN_SERVERS];
}
