import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { at } from './checked';

const ROOT = resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The services to run: every line of deploy/services.txt whose folder exists
 * (`services/<name>/package.json`), built with `tsc -b` (incremental: quick when `npm run
 * build` ran, and never a stale dist). A service added later (isolation, meals, volunteers) is
 * in the cluster tests as soon as its folder and its line exist, with no change here.
 */
export function builtServices(): { name: string; port: number }[] {
  const lines = readFileSync(resolve(ROOT, 'deploy/services.txt'), 'utf8').split('\n');
  const services: { name: string; port: number }[] = [];
  for (const line of lines) {
    const [name, port] = line.trim().split(/\s+/);
    if (!name || name.startsWith('#')) continue;
    if (!existsSync(resolve(ROOT, `services/${name}/package.json`))) continue;
    services.push({ name, port: Number(port) });
  }
  execFileSync(
    resolve(ROOT, 'node_modules/.bin/tsc'),
    ['-b', ...services.map((s) => `services/${s.name}`)],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const { name } of services) {
    if (!existsSync(resolve(ROOT, `services/${name}/dist/main.js`))) {
      throw new Error(`services/${name}/dist/main.js is missing after tsc -b services/${name}`);
    }
  }
  return services;
}

export interface Instance {
  service: string;
  index: number;
  port: number;
  natsUrl: string;
  process: ChildProcess | null;
  /** The last lines the process wrote, for a failure message. */
  output: string[];
}

export interface FleetOptions {
  /** A PostgreSQL server URL the fleet may create databases on. */
  serverUrl: string;
  /** Suite tag: databases are bulwark_<tag>_<service>, the NATS prefix is <tag>. */
  tag: string;
  natsUrls: string[];
  firstPort: number;
  replicas: number;
  jwtSecret: string;
  /** Extra environment per service (e.g. reporting's deadlines). */
  env?: (service: string) => Record<string, string>;
}

/**
 * Every built service as `replicas` processes each (`node services/<svc>/dist/main.js`), on a
 * database per service of this suite and the suite's NATS namespace, with STREAM_REPLICAS=3.
 * Instances of a service reach NATS through different nodes, as pods behind a client service
 * would; the client learns the rest of the cluster from the server it reached.
 */
export class ServiceFleet {
  readonly instances: Instance[] = [];
  readonly services: { name: string; port: number }[];
  private nextPort: number;

  constructor(private readonly options: FleetOptions) {
    this.services = builtServices();
    this.nextPort = options.firstPort;
  }

  get prefix(): string {
    return this.options.tag;
  }

  databaseName(service: string): string {
    return `bulwark_${this.options.tag}_${service.replace(/-/g, '_')}`;
  }

  databaseUrl(service: string): string {
    const url = new URL(this.options.serverUrl);
    url.pathname = `/${this.databaseName(service)}`;
    return url.toString();
  }

  private baseEnv(service: string, natsUrl: string): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.databaseUrl(service),
      NATS_URL: natsUrl,
      NATS_PREFIX: this.options.tag,
      STREAM_REPLICAS: '3',
      JWT_SECRET: this.options.jwtSecret,
      LOG_LEVEL: 'warn',
      PG_POOL_SIZE: '4',
      RELAY_POLL_MS: '50',
      ...this.options.env?.(service),
    };
  }

  /** Creates each service's database and runs its migrate.js (streams with 3 replicas). */
  async migrate(): Promise<void> {
    const admin = new Client({ connectionString: this.options.serverUrl });
    await admin.connect();
    try {
      for (const { name } of this.services) {
        await admin.query(`CREATE DATABASE ${this.databaseName(name)}`);
      }
    } finally {
      await admin.end();
    }
    for (const { name } of this.services) {
      await promisify(execFile)(
        process.execPath,
        [resolve(ROOT, `services/${name}/dist/migrate.js`)],
        { env: this.baseEnv(name, at(this.options.natsUrls, 0)), cwd: ROOT },
      );
    }
  }

  /** Starts `replicas` instances of every service and waits for their /health. */
  async startAll(): Promise<void> {
    this.services.forEach(({ name }, s) => {
      for (let i = 0; i < this.options.replicas; i += 1) {
        const natsUrl = at(this.options.natsUrls, (s + i) % this.options.natsUrls.length);
        const instance: Instance = {
          service: name,
          index: i,
          port: this.nextPort++,
          natsUrl,
          process: null,
          output: [],
        };
        this.instances.push(instance);
        this.spawn(instance);
      }
    });
    for (const instance of this.instances) await this.waitStarted(instance);
  }

  /**
   * Waits for an instance's /health; one that exits on the way (a JetStream request timing
   * out while the cluster settles, on a loaded machine) is started again, as an orchestrator
   * restarts a pod, at most twice.
   */
  private async waitStarted(instance: Instance): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.waitHealthy(instance, 90_000);
      } catch (error) {
        if (attempt >= 2 || instance.process?.exitCode == null) throw error;
        this.spawn(instance);
      }
    }
  }

  of(service: string): Instance[] {
    return this.instances.filter((i) => i.service === service);
  }

  private spawn(instance: Instance): void {
    const child = spawn(
      process.execPath,
      [resolve(ROOT, `services/${instance.service}/dist/main.js`)],
      {
        env: { ...this.baseEnv(instance.service, instance.natsUrl), PORT: String(instance.port) },
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      instance.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      instance.output.splice(0, Math.max(0, instance.output.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    instance.process = child;
  }

  async waitHealthy(instance: Instance, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (instance.process?.exitCode != null) {
        throw new Error(
          `${instance.service}#${instance.index} exited ${instance.process.exitCode}:\n` +
            instance.output.join('\n'),
        );
      }
      try {
        const res = await fetch(`http://127.0.0.1:${instance.port}/health`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${instance.service}#${instance.index}: no healthy /health after ${timeoutMs} ms:\n` +
            instance.output.join('\n'),
        );
      }
      await sleep(250);
    }
  }

  /** SIGKILL one instance: no shutdown hook runs, its leases end with its sessions. */
  async kill(instance: Instance): Promise<void> {
    const child = instance.process;
    instance.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts a killed instance again (through `natsUrl`, when its own node may be down). */
  async restart(instance: Instance, natsUrl = instance.natsUrl): Promise<void> {
    instance.natsUrl = natsUrl;
    this.spawn(instance);
    await this.waitStarted(instance);
  }

  /** `bulwark_events_published_total` of an instance's /metrics: its relay's publications. */
  async published(instance: Instance): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${instance.port}/metrics`, {
      signal: AbortSignal.timeout(3000),
    });
    const line = (await res.text())
      .split('\n')
      .find((l) => l.startsWith('bulwark_events_published_total'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Peak resident memory of each running instance (Linux VmHWM), for the capacity plan. */
  peakMemory(): string[] {
    return this.instances.flatMap((instance) => {
      const pid = instance.process?.pid;
      if (!pid) return [];
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        return [`${instance.service}#${instance.index} ${Math.round(kb / 1024)} MB`];
      } catch {
        return [];
      }
    });
  }

  /** SIGTERM every instance (SIGKILL after 15 s) and drops the suite's databases. */
  async close(): Promise<void> {
    await Promise.all(
      this.instances.map(async (instance) => {
        const child = instance.process;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
    const admin = new Client({ connectionString: this.options.serverUrl });
    await admin.connect();
    try {
      for (const { name } of this.services) {
        await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName(name)} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
}
