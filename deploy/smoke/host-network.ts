// The smoke's compose file: docker-compose.yml with only networking and ports rewritten, so
// the whole system runs on the host network of a Docker engine that has no bridge.
//
//   tsx deploy/smoke/host-network.ts <docker-compose.yml> <out dir> <port offset>
//
// Every service gets `network_mode: host` and loses `ports:`, `networks:` and `hostname:`;
// every port P a service listens on becomes P + offset on 127.0.0.1, and every `<service>:P`
// (or `127.0.0.1:P` of its own) in an environment value, command or health check follows.
// When several services listen on one port (the load balancer and the replicas behind it),
// the load balancer keeps P + offset and the k-th other gets P + offset + 100k (roster's LB
// frontend 13001, roster-1 13101, roster-2 13201).
// Services are read from the file, so services added later are covered: a service built from
// the repo listens on its PORT; PostgreSQL, NATS and HAProxy (the only other images) are told
// their ports the way their images allow. Writes to <out dir>:
//   compose.yml   the rewritten file (JSON, which is YAML), for docker-compose 1.29 or v2
//   builds.tsv    tag, context, dockerfile, build args: the images to build first
//   images.txt    the other images the file uses (the smoke makes stand-ins for them)
//   ports.tsv     service, host port, what listens (http for a service's HTTP API, lb for a
//                 load balancer's frontend), and the frontend's name (a service's name)
//   *.nats.conf   NATS configuration overlays (listen and monitoring on loopback)
//   *.haproxy.cfg HAProxy's configuration with binds and servers moved onto loopback
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, resolve } from 'node:path';
import {
  environmentOf,
  readComposeFile,
  type ComposeFile,
  type ComposeService,
} from './compose-file';

interface Listener {
  service: string;
  port: number;
  kind: 'http' | 'postgres' | 'nats' | 'nats-monitor' | 'lb';
  /** The load balancer's frontend name. */
  route?: string;
}

type Kind = 'built' | 'postgres' | 'nats' | 'haproxy';

/** Apart from one another: replica k of a port shared with the LB is moved by 100k more. */
const REPLICA_STEP = 100;

const LOOPBACK = '127.0.0.1';

export function hostNetworkCompose(
  composePath: string,
  outDir: string,
  offset: number,
): { compose: ComposeFile; listeners: Listener[]; builds: string[]; images: string[] } {
  const source = readComposeFile(composePath);
  const projectDir = dirname(resolve(composePath));
  const names = Object.keys(source.services);
  const serviceOf = (name: string): ComposeService => {
    const service = source.services[name];
    if (service === undefined) throw new Error(`${composePath}: no service ${name}`);
    return service;
  };
  const kinds = new Map<string, Kind>(names.map((name) => [name, kindOf(name, serviceOf(name))]));

  // Who listens on which container port (before the offset).
  const listeners: Listener[] = [];
  const natsConfigs = new Map<string, { target: string; hostPath: string }>();
  const haproxyConfigs = new Map<string, { target: string; hostPath: string }>();
  for (const name of names) {
    const service = serviceOf(name);
    const env = environmentOf(service);
    const kind = kinds.get(name);
    if (kind === 'built' && env.PORT !== undefined) {
      listeners.push({ service: name, port: portNumber(env.PORT, `${name}: PORT`), kind: 'http' });
    } else if (kind === 'postgres' && isPostgresServer(service)) {
      listeners.push({ service: name, port: 5432, kind: 'postgres' });
    } else if (kind === 'nats') {
      const config = configFile(name, service, projectDir, ['--config', '-c']);
      natsConfigs.set(name, config);
      const text = readFileSync(config.hostPath, 'utf8');
      listeners.push({ service: name, port: natsPort(text, 'listen') ?? 4222, kind: 'nats' });
      const monitor = natsPort(text, 'http');
      if (monitor !== undefined)
        listeners.push({ service: name, port: monitor, kind: 'nats-monitor' });
    } else if (kind === 'haproxy') {
      const config = configFile(name, service, projectDir, ['-f']);
      haproxyConfigs.set(name, config);
      for (const bind of haproxyBinds(readFileSync(config.hostPath, 'utf8')))
        listeners.push({ service: name, port: bind.port, kind: 'lb', route: bind.frontend });
    }
  }
  const moved = (port: number) => port + offset;
  // Who shares a port: the LB first, then the others in the file's order.
  const hostPortOf = new Map<Listener, number>();
  const sharing = new Map<number, Listener[]>();
  for (const l of [...listeners].sort((a, b) => Number(b.kind === 'lb') - Number(a.kind === 'lb')))
    sharing.set(l.port, [...(sharing.get(l.port) ?? []), l]);
  for (const group of sharing.values())
    group.forEach((l, k) => hostPortOf.set(l, moved(l.port) + REPLICA_STEP * k));
  const hostPort = (l: Listener): number => hostPortOf.get(l) ?? moved(l.port);
  const hostPorts = listeners.map(hostPort);
  const clash = hostPorts.find((port, i) => hostPorts.indexOf(port) !== i);
  if (clash !== undefined) throw new Error(`two services would listen on host port ${clash}`);
  if (hostPorts.some((port) => port > 65535)) throw new Error(`port offset ${offset} is too large`);
  const postgresServers = listeners.filter((l) => l.kind === 'postgres');
  if (postgresServers.length > 1) throw new Error('more than one PostgreSQL server: not supported');

  const listenerOf = (service: string, port: number) =>
    listeners.find((l) => l.service === service && l.port === port);
  const hostPortOfService = (service: string, port: number): number => {
    const listener = listenerOf(service, port);
    return listener ? hostPort(listener) : moved(port);
  };
  const endpoint = (service: string, port: number): string | undefined =>
    listenerOf(service, port) ? `${LOOPBACK}:${hostPortOfService(service, port)}` : undefined;
  const nameSet = new Set(names);
  // `<service>:<port>` of another service, or `127.0.0.1:<port>` / `localhost:<port>` of its own.
  const rewrite = (self: string, text: string): string =>
    devTcp(self, text).replace(
      /\b([A-Za-z0-9][A-Za-z0-9_.-]*):(\d{2,5})\b/g,
      (match, host: string, port: string) => {
        const target = host === LOOPBACK || host === 'localhost' ? self : host;
        if (target !== self && !nameSet.has(host)) return match;
        const moved = endpoint(target, Number(port));
        if (moved) return moved;
        if (target === self) return match; // a port it does not serve (e.g. a client's default)
        throw new Error(`${self} refers to ${match}, but ${host} does not listen on ${port}`);
      },
    );
  // bash's `/dev/tcp/127.0.0.1/<port>` of its own (a health check without an HTTP client).
  const devTcp = (self: string, text: string): string =>
    text.replace(/\/dev\/tcp\/(127\.0\.0\.1|localhost)\/(\d+)/g, (match, _host, port: string) => {
      const moved = endpoint(self, Number(port));
      return moved ? `/dev/tcp/${moved.replace(':', '/')}` : match;
    });
  const rewriteArgs = (self: string, args: string[]): string[] =>
    args.map((arg, i) =>
      (args[i - 1] === '-h' || args[i - 1] === '--host') && nameSet.has(arg)
        ? LOOPBACK
        : rewrite(self, arg),
    );

  const builds = new Map<string, string>();
  const images = new Set<string>();
  const services: Record<string, ComposeService> = {};
  for (const name of names) {
    const {
      ports: _ports,
      networks: _networks,
      hostname: _hostname,
      build,
      ...rest
    } = serviceOf(name);
    const service: ComposeService = { ...rest, network_mode: 'host' };
    const kind = kinds.get(name);

    if (build) {
      const args = Object.fromEntries(
        Object.entries(build.args ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
      );
      const hash = createHash('sha256').update(JSON.stringify(build)).digest('hex').slice(0, 10);
      const tag = `bulwark-smoke/${args.SERVICE ?? name}:${hash}`;
      const context = resolve(projectDir, build.context ?? '.');
      const dockerfile = resolve(context, build.dockerfile ?? 'Dockerfile');
      const argList = Object.entries(args).map(([k, v]) => `${k}=${v}`);
      if (argList.some((arg) => /[\s$]/.test(arg)))
        throw new Error(`${name}: build args with spaces or \${...} are not supported`);
      builds.set(tag, [tag, context, dockerfile, argList.join(' ')].join('\t'));
      service.image = tag;
    } else if (service.image) {
      images.add(service.image);
    }

    const env = environmentOf(service);
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) {
      environment[key] =
        key === 'PORT' && kind === 'built'
          ? String(hostPortOfService(name, portNumber(value, key)))
          : rewrite(name, value);
    }
    const [postgresServer, ...others] = postgresServers;
    if (kind === 'postgres' && postgresServer !== undefined && others.length === 0) {
      // The server listens on PGPORT; psql and pg_isready in the same image connect to it.
      environment.PGPORT = String(moved(postgresServer.port));
    }
    service.environment = environment;

    let command = service.command;
    if (kind === 'postgres' && isPostgresServer(service)) {
      command = [
        ...(Array.isArray(command) ? command : ['postgres']),
        '-c',
        `listen_addresses=${LOOPBACK}`,
      ];
    }
    if (Array.isArray(command)) service.command = rewriteArgs(name, command);
    else if (typeof command === 'string') service.command = rewrite(name, command);

    if (service.healthcheck?.test) {
      const test = service.healthcheck.test;
      service.healthcheck = {
        ...service.healthcheck,
        test: Array.isArray(test) ? rewriteArgs(name, test) : rewrite(name, test),
      };
    }

    service.volumes = (service.volumes ?? []).map((volume) => absoluteBind(volume, projectDir));
    const nats = natsConfigs.get(name);
    if (nats) {
      const client = listeners.find((l) => l.service === name && l.kind === 'nats');
      const monitor = listeners.find((l) => l.service === name && l.kind === 'nats-monitor');
      const overlay = join(outDir, `${name}.nats.conf`);
      const lines = [
        '# Written by deploy/smoke/host-network.ts: the compose configuration, on loopback.',
        `include ./${basename(nats.target)}`,
        `listen: ${LOOPBACK}:${moved(client?.port ?? 4222)}`,
      ];
      if (monitor) lines.push(`http: ${LOOPBACK}:${moved(monitor.port)}`);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(overlay, `${lines.join('\n')}\n`);
      const overlayTarget = posix.join(posix.dirname(nats.target), `smoke-${name}.conf`);
      service.volumes.push(`${resolve(overlay)}:${overlayTarget}:ro`);
      service.command = (service.command as string[]).map((arg) =>
        arg === nats.target ? overlayTarget : arg,
      );
    }
    const haproxy = haproxyConfigs.get(name);
    if (haproxy) {
      const rewritten = join(outDir, `${name}.haproxy.cfg`);
      const text = readFileSync(haproxy.hostPath, 'utf8')
        .split('\n')
        .map((line) => {
          const bind = line.match(/^(\s*bind\s+)[^\s:]*:(\d+)(.*)$/);
          if (!bind) return line.match(/^\s*server\s/) ? rewrite(name, line) : line;
          return `${bind[1]}${endpoint(name, Number(bind[2]))}${bind[3]}`;
        })
        .join('\n');
      mkdirSync(outDir, { recursive: true });
      writeFileSync(
        rewritten,
        `# Written by deploy/smoke/host-network.ts: ${basename(haproxy.hostPath)} on loopback.\n${text}`,
      );
      service.volumes = service.volumes.map((volume) =>
        typeof volume === 'string' && volume.split(':')[1] === haproxy.target
          ? `${resolve(rewritten)}:${haproxy.target}:ro`
          : volume,
      );
    }
    if (service.volumes.length === 0) delete service.volumes;

    const leftover = JSON.stringify([
      service.environment,
      service.command,
      service.healthcheck,
    ]).match(new RegExp(`\\b(${names.map(escapeRegExp).join('|')}):\\d+`));
    if (leftover) throw new Error(`${name} still names ${leftover[0]} after the rewrite`);
    services[name] = service;
  }

  const compose: ComposeFile = { services };
  if (source.volumes) compose.volumes = source.volumes;
  return {
    compose,
    listeners: listeners.map((l) => ({ ...l, port: hostPort(l) })),
    builds: [...builds.values()],
    images: [...images],
  };
}

function kindOf(name: string, service: ComposeService): Kind {
  if (service.build) return 'built';
  const image = service.image ?? '';
  if (/^(docker\.io\/)?(library\/)?postgres(:|$)/.test(image)) return 'postgres';
  if (/^(docker\.io\/)?(library\/)?nats(:|$)/.test(image)) return 'nats';
  if (/^(docker\.io\/)?(library\/)?haproxy(:|$)/.test(image)) return 'haproxy';
  throw new Error(
    `${name}: image ${image || '(none)'} is neither built from the repo nor PostgreSQL or NATS: ` +
      'teach deploy/smoke/host-network.ts how it is told its port',
  );
}

function isPostgresServer(service: ComposeService): boolean {
  const command = service.command;
  if (command === undefined) return true;
  const first = Array.isArray(command) ? command[0] : command.trim().split(/\s+/)[0];
  return first === 'postgres';
}

/** The configuration file a service runs with (`flags`: `--config`, `-f`) and where it comes from. */
function configFile(
  name: string,
  service: ComposeService,
  projectDir: string,
  flags: string[],
): { target: string; hostPath: string } {
  const command = Array.isArray(service.command) ? service.command : [];
  const at = command.findIndex((arg) => flags.includes(arg));
  const target = at >= 0 ? command[at + 1] : undefined;
  if (!target) throw new Error(`${name}: no ${flags[0]} in its command: not supported`);
  for (const volume of service.volumes ?? []) {
    if (typeof volume !== 'string') continue;
    const [source, mountedAt] = volume.split(':');
    if (source !== undefined && mountedAt === target && /^[./]/.test(source))
      return { target, hostPath: resolve(projectDir, source) };
  }
  throw new Error(`${name}: ${target} is not a file mounted from the repo`);
}

/** Every `bind [addr]:port` of an HAProxy configuration, with its frontend's name. */
function haproxyBinds(config: string): { frontend: string; port: number }[] {
  const binds: { frontend: string; port: number }[] = [];
  let section = '';
  for (const line of config.split('\n')) {
    const header = line.match(/^(frontend|listen|backend|defaults|global|resolvers)\b\s*(\S*)/);
    if (header) section = header[2] ?? '';
    const bind = line.match(/^\s*bind\s+[^\s:]*:(\d+)/);
    if (bind) binds.push({ frontend: section, port: Number(bind[1]) });
  }
  return binds;
}

function natsPort(config: string, key: 'listen' | 'http'): number | undefined {
  const match = config.match(
    new RegExp(`^\\s*${key}\\s*[:=]\\s*(?:[^\\s:#]*:)?(\\d+)\\s*(?:#.*)?$`, 'm'),
  );
  return match ? Number(match[1]) : undefined;
}

function absoluteBind(volume: string | Record<string, unknown>, projectDir: string) {
  if (typeof volume !== 'string') {
    if (volume.type === 'bind' && typeof volume.source === 'string' && !isAbsolute(volume.source))
      return { ...volume, source: resolve(projectDir, volume.source) };
    return volume;
  }
  const [source, ...rest] = volume.split(':');
  return source !== undefined && /^\./.test(source)
    ? [resolve(projectDir, source), ...rest].join(':')
    : volume;
}

function portNumber(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`${what} is not a port number: ${value}`);
  return port;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function main(): void {
  const [composePath, outDir, offsetText] = process.argv.slice(2);
  if (!composePath || !outDir) {
    console.error('usage: host-network.ts <docker-compose.yml> <out dir> [port offset]');
    process.exit(2);
  }
  const offset = Number(offsetText ?? '10000');
  const result = hostNetworkCompose(composePath, outDir, offset);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'compose.yml'), `${JSON.stringify(result.compose, null, 2)}\n`);
  writeFileSync(join(outDir, 'builds.tsv'), result.builds.map((line) => `${line}\n`).join(''));
  writeFileSync(join(outDir, 'images.txt'), result.images.map((image) => `${image}\n`).join(''));
  writeFileSync(
    join(outDir, 'ports.tsv'),
    result.listeners.map((l) => `${l.service}\t${l.port}\t${l.kind}\t${l.route ?? ''}\n`).join(''),
  );
}

if (require.main === module) main();
