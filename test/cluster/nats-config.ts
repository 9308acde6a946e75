import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The 3-node JetStream cluster of `deploy/nats/cluster/`, rewritten for one machine: the same
 * files (cluster name, JetStream limits, routes between the three, payload limit) with only
 * the addresses, ports and store directory replaced, so the harness tests what ops deploy.
 */
export const CLUSTER_DIR = resolve(__dirname, '../../deploy/nats/cluster');

export interface NodePorts {
  client: number;
  route: number;
  monitor: number;
}

/** Ports of node n (1-based) from a base, e.g. 14300 → client 14301, route 16301, http 18301. */
export function portsOf(base: number, n: number): NodePorts {
  return { client: base + n, route: base + 2000 + n, monitor: base + 4000 + n };
}

/** Replaces exactly one occurrence of `from`, or throws: the deployed file changed shape. */
function replaceOnce(text: string, from: string | RegExp, to: string, what: string): string {
  const pattern = typeof from === 'string' ? new RegExp(escape(from), 'g') : from;
  const found = text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
  if (found !== 1) {
    throw new Error(`deploy/nats/cluster/cluster.conf: expected one ${what}, found ${found}`);
  }
  return text.replace(new RegExp(pattern.source), to);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * cluster.conf for node `n` of `nodes` on loopback: client, route and monitoring ports of
 * `portsOf(base, n)`, routes to every node's loopback route port, JetStream under `storeDir`.
 */
export function clusterConfFor(
  n: number,
  nodes: number,
  base: number,
  storeDir: string,
  source = readFileSync(resolve(CLUSTER_DIR, 'cluster.conf'), 'utf8'),
): string {
  const ports = portsOf(base, n);
  let conf = replaceOnce(
    source,
    'listen: 0.0.0.0:4222',
    `listen: 127.0.0.1:${ports.client}`,
    'client listen',
  );
  conf = replaceOnce(conf, 'http: 0.0.0.0:8222', `http: 127.0.0.1:${ports.monitor}`, 'http');
  conf = replaceOnce(conf, /store_dir: \S+/, `store_dir: ${JSON.stringify(storeDir)}`, 'store_dir');
  conf = replaceOnce(
    conf,
    'listen: 0.0.0.0:6222',
    `listen: 127.0.0.1:${ports.route}`,
    'route listen',
  );
  // The test machine has neither 100 GB nor a need for it: cap the file store.
  conf = replaceOnce(conf, /max_file_store: \S+/, 'max_file_store: 2GB', 'max_file_store');
  conf = replaceOnce(conf, /max_memory_store: \S+/, 'max_memory_store: 256MB', 'max_memory_store');
  const routes = conf.match(/nats-route:\/\/nats-(\d+):6222/g) ?? [];
  if (routes.length !== nodes) {
    throw new Error(
      `deploy/nats/cluster/cluster.conf: expected ${nodes} routes, found ${routes.length}`,
    );
  }
  return conf.replace(
    /nats-route:\/\/nats-(\d+):6222/g,
    (_, k: string) => `nats-route://127.0.0.1:${portsOf(base, Number(k)).route}`,
  );
}

/** nats-N.conf as deployed (server name, include of cluster.conf): used verbatim. */
export function nodeConf(n: number): string {
  const text = readFileSync(resolve(CLUSTER_DIR, `nats-${n}.conf`), 'utf8');
  if (!text.includes(`server_name: nats-${n}`) || !text.includes('include ./cluster.conf')) {
    throw new Error(
      `deploy/nats/cluster/nats-${n}.conf: no server_name or include of cluster.conf`,
    );
  }
  return text;
}
