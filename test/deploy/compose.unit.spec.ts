// docker-compose.yml against the code, for what the deployment smoke (deploy/smoke) cannot
// see: it runs the file on the host network, so the names services reach each other by on
// Compose's network and the ports it publishes are checked here, with every service present
// and every setting a service needs at start.
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
    expect(built.sort()).toEqual(repoServices.flatMap((s) => [s, `${s}-migrate`]).sort());
    for (const name of repoServices) {
      for (const entry of [name, `${name}-migrate`]) {
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
      expect(service(name).command).toBeUndefined(); // the image's CMD: dist/main.js
      expect(existsSync(join(root, 'services', name, 'src', 'main.ts'))).toBe(true);
      expect(existsSync(join(root, 'services', name, 'src', 'migrate.ts'))).toBe(true);
    }
  });

  it('starts each service after its migration, and each migration after PostgreSQL and NATS', () => {
    for (const name of repoServices) {
      expect(dependsOn(service(name))).toEqual({
        [`${name}-migrate`]: { condition: 'service_completed_successfully' },
      });
      expect(dependsOn(service(`${name}-migrate`))).toEqual({
        'postgres-init': { condition: 'service_completed_successfully' },
        nats: { condition: 'service_healthy' },
      });
      expect(service(name).healthcheck?.test).toBeDefined();
    }
    for (const service of Object.values(services))
      for (const target of Object.keys(dependsOn(service))) expect(services[target]).toBeDefined();
  });

  it('gives every service and migration the settings it needs to start', () => {
    for (const name of repoServices) {
      const port = plannedPorts.get(name);
      expect({ name, port }).toEqual({ name, port: expect.any(Number) });
      for (const entry of [name, `${name}-migrate`]) {
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
        if (entry === name) expect({ entry, port: config.port }).toEqual({ entry, port });
      }
      // The migration prepares what the service runs with.
      const serviceEnv = envOf(service(name));
      for (const [key, value] of Object.entries(envOf(service(`${name}-migrate`))))
        expect({ name, key, value: serviceEnv[key] }).toEqual({ name, key, value });
    }
  });

  it('publishes each service on its own port, the one its health check asks', () => {
    const hostPorts: number[] = [];
    for (const name of repoServices) {
      const port = Number(envOf(service(name)).PORT);
      expect({ name, published: published(service(name)) }).toEqual({
        name,
        published: [{ host: port, container: port }],
      });
      hostPorts.push(port);
    }
    for (const [name, service] of Object.entries(services))
      if (!repoServices.includes(name))
        hostPorts.push(
          ...published(service).flatMap((p) => (p.host === undefined ? [] : [p.host])),
        );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    const planned = [...plannedPorts.values()];
    expect(new Set(planned).size).toBe(planned.length);
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
