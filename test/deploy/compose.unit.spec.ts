// docker-compose.yml against the code, for what the deployment smoke (deploy/smoke) cannot
// see: it runs the file on the host network, so the names services reach each other by on
// Compose's network and the ports it publishes are checked here, with every service present
// (two replicas behind the load balancer) and every setting a service needs at start.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JwtVerifier } from '@bulwark/auth';
import { serviceConfigFromEnv } from '@bulwark/runtime';
import {
  environmentOf,
  interpolate,
  readComposeFile,
  type ComposeService,
} from '../../deploy/smoke/compose-file';

const root = join(__dirname, '..', '..');
const compose = readComposeFile(join(root, 'docker-compose.yml'));
const services = compose.services;
/** A service the file must have: a missing one fails the test that names it. */
const service = (name: string): ComposeService => {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** The services in the repo: a folder under services/ with a package.json. */
const repoServices = readdirSync(join(root, 'services')).filter((name) =>
  existsSync(join(root, 'services', name, 'package.json')),
);
/** deploy/services.txt: the planned services and their ports. */
const plannedPorts = new Map(
  readFileSync(join(root, 'deploy', 'services.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name = '', port] = line.split(/\s+/);
      return [name, Number(port)] as const;
    }),
);
const databases = [
  ...readFileSync(join(root, 'deploy', 'postgres', 'init.sql'), 'utf8').matchAll(
    /\('(bulwark_[a-z0-9_]+)'\)/g,
  ),
].map((m) => m[1]);
const natsConf = readFileSync(join(root, 'deploy', 'nats', 'nats.conf'), 'utf8');
const natsPort = Number(natsConf.match(/^\s*listen:\s*\S*:(\d+)/m)?.[1] ?? 4222);
/** The replicas of a service in the compose file. */
const REPLICAS = ['1', '2'];
const replicasOf = (name: string) => REPLICAS.map((n) => `${name}-${n}`);
/** deploy/lb/haproxy.cfg: each section (`frontend x`, `backend x`) and its lines. */
const haproxy = new Map<string, string[]>();
{
  let section = '';
  for (const raw of readFileSync(join(root, 'deploy', 'lb', 'haproxy.cfg'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (!/^\s/.test(raw)) section = line;
    else haproxy.set(section, [...(haproxy.get(section) ?? []), line]);
  }
}

/** A service's environment as Compose would give it with nothing set in the shell. */
const envOf = (service: ComposeService) =>
  Object.fromEntries(
    Object.entries(environmentOf(service)).map(([key, value]) => [key, interpolate(value, {})]),
  );
const dependsOn = (service: ComposeService) =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, {}]))
    : (service.depends_on ?? {});
const command = (service: ComposeService) =>
  Array.isArray(service.command) ? service.command.join(' ') : service.command;
const published = (service: ComposeService) =>
  (service.ports ?? []).map((entry) => {
    const [host, container] = String(entry).split(':').slice(-2).map(Number);
    return { host, container };
  });

describe('docker-compose.yml', () => {
  it('interpolates like Compose', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('${SET-d} ${EMPTY-d} ${EMPTY:-d} ${UNSET-d} $$SET $SET', env)).toBe(
      'x  d d $SET x',
    );
    expect(() => interpolate('${UNSET:?needed}', env)).toThrow('UNSET: needed');
  });

  it('has every service of the repo, and a migrate job for each, built from deploy/Dockerfile', () => {
    expect(repoServices.length).toBeGreaterThan(0);
    const built = Object.entries(services)
      .filter(([, service]) => service.build)
      .map(([name]) => name);
    expect(built.sort()).toEqual(
      repoServices.flatMap((s) => [...replicasOf(s), `${s}-migrate`]).sort(),
    );
    for (const name of repoServices) {
      for (const entry of [...replicasOf(name), `${name}-migrate`]) {
        expect({ entry, build: service(entry).build }).toEqual({
          entry,
          build: {
            context: '.',
            dockerfile: 'deploy/Dockerfile',
            args: { SERVICE: name, PORT: plannedPorts.get(name) },
          },
        });
      }
      expect(command(service(`${name}-migrate`))).toBe(`node services/${name}/dist/migrate.js`);
      for (const replica of replicasOf(name)) expect(service(replica).command).toBeUndefined(); // the image's CMD: dist/main.js
      // The first replica names the image; the second builds its own tag from the same layers.
      expect(service(`${name}-1`).image).toBe(
        `\${BULWARK_IMAGE_PREFIX:-bulwark}/${name}:\${BULWARK_TAG:-latest}`,
      );
      expect(existsSync(join(root, 'services', name, 'src', 'main.ts'))).toBe(true);
      expect(existsSync(join(root, 'services', name, 'src', 'migrate.ts'))).toBe(true);
    }
  });

  it('starts each service after its migration, and each migration after PostgreSQL and NATS', () => {
    for (const name of repoServices) {
      for (const replica of replicasOf(name)) {
        expect(dependsOn(service(replica))).toEqual({
          [`${name}-migrate`]: { condition: 'service_completed_successfully' },
        });
        expect(service(replica).healthcheck?.test).toBeDefined();
      }
      expect(dependsOn(service(`${name}-migrate`))).toEqual({
        'postgres-init': { condition: 'service_completed_successfully' },
        nats: { condition: 'service_healthy' },
      });
    }
    // The load balancer starts once every replica is healthy.
    expect(dependsOn(service('lb'))).toEqual(
      Object.fromEntries(
        repoServices.flatMap(replicasOf).map((r) => [r, { condition: 'service_healthy' }]),
      ),
    );
    expect(service('lb').healthcheck?.test).toBeDefined();
    for (const service of Object.values(services))
      for (const target of Object.keys(dependsOn(service))) expect(services[target]).toBeDefined();
  });

  it('gives every service and migration the settings it needs to start', () => {
    for (const name of repoServices) {
      const port = plannedPorts.get(name);
      expect({ name, port }).toEqual({ name, port: expect.any(Number) });
      for (const entry of [...replicasOf(name), `${name}-migrate`]) {
        const env = envOf(service(entry));
        // The same checks as at start: DATABASE_URL present, numbers valid, a key or secret.
        const config = serviceConfigFromEnv(port as number, env);
        expect(() => JwtVerifier.fromEnv(env)).not.toThrow();

        // Reached over Compose's network by service name, not localhost (bridge DNS).
        const database = new URL(config.databaseUrl);
        expect({ entry, host: database.hostname, port: database.port }).toEqual({
          entry,
          host: 'postgres',
          port: '5432',
        });
        expect(databases).toContain(database.pathname.slice(1));
        expect(database.pathname).toBe(`/bulwark_${name.replace(/-/g, '_')}`);
        const nats = new URL(config.natsUrl);
        expect({ entry, host: nats.hostname, port: Number(nats.port) }).toEqual({
          entry,
          host: 'nats',
          port: natsPort,
        });
        if (entry !== `${name}-migrate`)
          expect({ entry, port: config.port }).toEqual({ entry, port });
      }
      // The replicas run alike, with what the migration prepared.
      const serviceEnv = envOf(service(`${name}-1`));
      expect(envOf(service(`${name}-2`))).toEqual(serviceEnv);
      for (const [key, value] of Object.entries(envOf(service(`${name}-migrate`))))
        expect({ name, key, value: serviceEnv[key] }).toEqual({ name, key, value });
    }
  });

  it('publishes each service on its own port through the load balancer, never a replica', () => {
    const hostPorts: number[] = [];
    const lbPorts = published(service('lb'));
    for (const name of repoServices) {
      const port = Number(envOf(service(`${name}-1`)).PORT);
      for (const replica of replicasOf(name)) expect(service(replica).ports).toBeUndefined();
      expect(lbPorts).toContainEqual({ host: port, container: port });
      hostPorts.push(port);
    }
    expect(lbPorts).toHaveLength(repoServices.length);
    for (const [name, service] of Object.entries(services))
      if (name !== 'lb')
        hostPorts.push(
          ...published(service).flatMap((p) => (p.host === undefined ? [] : [p.host])),
        );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    const planned = [...plannedPorts.values()];
    expect(new Set(planned).size).toBe(planned.length);
  });

  it('routes each service port of the load balancer to its replicas, by their health', () => {
    const lb = service('lb');
    expect(lb.command).toEqual(
      expect.arrayContaining(['-f', '/usr/local/etc/haproxy/haproxy.cfg']),
    );
    expect(lb.volumes).toContain('./deploy/lb/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const defaults = haproxy.get('defaults') ?? [];
    expect(defaults).toEqual(
      expect.arrayContaining(['option httpchk GET /health', 'http-check expect status 200']),
    );
    expect(defaults.find((l) => l.startsWith('default-server'))).toMatch(/^default-server check\b/);
    expect(defaults).toContain('option redispatch 1');
    for (const name of repoServices) {
      const port = Number(envOf(service(`${name}-1`)).PORT);
      expect({ name, frontend: haproxy.get(`frontend ${name}`) }).toEqual({
        name,
        frontend: [`bind :${port}`, `default_backend ${name}`],
      });
      expect({ name, backend: haproxy.get(`backend ${name}`) }).toEqual({
        name,
        backend: replicasOf(name).map((r) => `server ${r} ${r}:${port}`),
      });
    }
    const sections = [...haproxy.keys()].filter((s) => /^(frontend|backend) /.test(s));
    expect(sections.sort()).toEqual(
      [
        'frontend monitor',
        ...repoServices.flatMap((s) => [`frontend ${s}`, `backend ${s}`]),
      ].sort(),
    );
  });

  it('names only its own services as hosts, and creates a database for every planned service', () => {
    const names = new Set(Object.keys(services));
    for (const [name, service] of Object.entries(services)) {
      const text = JSON.stringify([environmentOf(service), service.command]);
      for (const [, host] of text.matchAll(/(?:@|\/\/)([a-z][a-z0-9-]*):\d+/g))
        expect({ name, host: host !== undefined && names.has(host) }).toEqual({ name, host: true });
      const args = Array.isArray(service.command) ? service.command : [];
      args.forEach((arg, i) => {
        if (args[i - 1] === '-h')
          expect({ name, host: names.has(arg) }).toEqual({ name, host: true });
      });
    }
    expect(databases.sort()).toEqual(
      [...plannedPorts.keys()].map((name) => `bulwark_${name.replace(/-/g, '_')}`).sort(),
    );
  });
});
