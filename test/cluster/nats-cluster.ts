import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterConfFor, nodeConf, portsOf, type NodePorts } from './nats-config';

const NODES = 3;

/**
 * `nats-server` from NATS_SERVER_BIN, the PATH or /usr/sbin (Debian's package, as .ci/run
 * finds it); the suite needs the binary, not a container.
 */
export function natsServerBinary(): string {
  const candidates = process.env.NATS_SERVER_BIN
    ? [process.env.NATS_SERVER_BIN]
    : ['nats-server', '/usr/sbin/nats-server'];
  const bin = candidates.find(
    (candidate) => spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0,
  );
  if (!bin) {
    throw new Error(
      `the cluster tests start three nats-server processes: ${candidates.join(' or ')} did not run ` +
        `(install nats-server 2.9+ or set NATS_SERVER_BIN)`,
    );
  }
  return bin;
}

export interface NatsNode {
  n: number;
  name: string;
  ports: NodePorts;
  url: string;
  process: ChildProcess | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Three nats-server processes on loopback forming one JetStream cluster, configured from
 * deploy/nats/cluster/ (see nats-config.ts). Nodes can be killed (SIGKILL), restarted on
 * their store, and stopped and continued (SIGSTOP/SIGCONT: a partition as the others see it).
 */
export class NatsCluster {
  readonly nodes: NatsNode[];
  private readonly dir: string;

  private constructor(
    private readonly bin: string,
    base: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'bulwark-cluster-'));
    this.nodes = Array.from({ length: NODES }, (_, i) => {
      const n = i + 1;
      const ports = portsOf(base, n);
      const nodeDir = join(this.dir, `nats-${n}`);
      mkdirSync(join(nodeDir, 'store'), { recursive: true });
      writeFileSync(
        join(nodeDir, 'cluster.conf'),
        clusterConfFor(n, NODES, base, join(nodeDir, 'store')),
      );
      writeFileSync(join(nodeDir, `nats-${n}.conf`), nodeConf(n));
      return {
        n,
        name: `nats-${n}`,
        ports,
        url: `nats://127.0.0.1:${ports.client}`,
        process: null,
      };
    });
  }

  /** Starts the three nodes and waits until they have a meta leader. */
  static async start(base: number): Promise<NatsCluster> {
    const cluster = new NatsCluster(natsServerBinary(), base);
    for (const node of cluster.nodes) cluster.spawn(node);
    await cluster.waitForMetaLeader(30_000);
    for (const node of cluster.nodes) await cluster.waitHealthy(node, 30_000);
    return cluster;
  }

  /** Every client URL, comma separated. */
  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  node(name: string): NatsNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  private spawn(node: NatsNode): void {
    const log = openSync(join(this.dir, node.name, 'server.log'), 'a');
    node.process = spawn(this.bin, ['-c', join(this.dir, node.name, `${node.name}.conf`)], {
      stdio: ['ignore', log, log],
    });
  }

  /** SIGKILL: the node dies with whatever it had not written. */
  async kill(name: string): Promise<void> {
    const node = this.node(name);
    const child = node.process;
    node.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Starts a killed node again on its own store and waits until it answers; whether its
   * streams caught up is for the caller to check (it takes longer on a loaded machine).
   */
  async restart(name: string): Promise<void> {
    const node = this.node(name);
    if (node.process) throw new Error(`${name} still runs`);
    this.spawn(node);
    const deadline = Date.now() + 60_000;
    while ((await this.jsz(node)) === null) {
      if (Date.now() > deadline) throw new Error(`${name} did not answer after a restart`);
      await sleep(200);
    }
  }

  /** The last lines a node logged that match `pattern`, for a failure message. */
  logLines(name: string, pattern: RegExp, lines = 40): string {
    try {
      return readFileSync(join(this.dir, name, 'server.log'), 'utf8')
        .split('\n')
        .filter((line) => pattern.test(line))
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGSTOP: the node is cut off (no heartbeats, no answers) but keeps its state. */
  stop(name: string): void {
    this.node(name).process?.kill('SIGSTOP');
  }

  cont(name: string): void {
    this.node(name).process?.kill('SIGCONT');
  }

  /** /jsz of one node (monitoring port), or null when it does not answer. */
  async jsz(node: NatsNode, query = ''): Promise<Jsz | null> {
    try {
      const res = await fetch(`http://127.0.0.1:${node.ports.monitor}/jsz${query}`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.ok ? ((await res.json()) as Jsz) : null;
    } catch {
      return null;
    }
  }

  /**
   * Messages each server has sent to each client connection of this name (/connz), by
   * server and connection id: how a durable consumer's deliveries split between replicas.
   */
  async deliveredTo(name: string): Promise<Map<string, number>> {
    const sent = new Map<string, number>();
    for (const node of this.nodes) {
      if (!node.process) continue;
      const res = await fetch(`http://127.0.0.1:${node.ports.monitor}/connz?limit=4096`, {
        signal: AbortSignal.timeout(3000),
      });
      const body = (await res.json()) as {
        connections?: { cid: number; name?: string; out_msgs: number }[];
      };
      for (const c of body.connections ?? []) {
        if (c.name === name) sent.set(`${node.name}/${c.cid}`, c.out_msgs);
      }
    }
    return sent;
  }

  /** The JetStream meta leader's server name, as a running node sees it. */
  async metaLeader(): Promise<string | null> {
    for (const node of this.nodes) {
      if (!node.process) continue;
      const leader = (await this.jsz(node))?.meta_cluster?.leader;
      if (leader) return leader;
    }
    return null;
  }

  async waitForMetaLeader(timeoutMs: number, except?: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = await this.metaLeader();
      if (leader && leader !== except) return leader;
      if (Date.now() > deadline) throw new Error('the NATS cluster elected no meta leader');
      await sleep(200);
    }
  }

  /** Waits for /healthz (JetStream caught up, for 2.9) on a node. */
  async waitHealthy(node: NatsNode, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${node.ports.monitor}/healthz`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${node.name} not healthy after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** Stops every node (SIGCONT first, so a stopped one can die) and removes the stores. */
  async close(): Promise<void> {
    for (const node of this.nodes) {
      this.cont(node.name);
      await this.kill(node.name);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Jsz {
  server_id?: string;
  meta_cluster?: { name?: string; leader?: string; cluster_size?: number };
  streams?: number;
  messages?: number;
  bytes?: number;
}
