// The smoke's rewrite of docker-compose.yml (deploy/smoke/host-network.ts), without Docker:
// only networking and ports change, and nothing is left that needs Compose's bridge network.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readComposeFile } from '../../deploy/smoke/compose-file';
import { hostNetworkCompose } from '../../deploy/smoke/host-network';

const root = join(__dirname, '..', '..');
const composePath = join(root, 'docker-compose.yml');

describe('the smoke’s compose file for the host network', () => {
  let out: string;
  let result: ReturnType<typeof hostNetworkCompose>;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'bulwark-host-network-'));
    result = hostNetworkCompose(composePath, out, 10000);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('keeps every service, each on the host network with nothing published', () => {
    const source = readComposeFile(composePath);
    expect(Object.keys(result.compose.services)).toEqual(Object.keys(source.services));
    for (const [name, service] of Object.entries(result.compose.services)) {
      expect({ name, mode: service.network_mode }).toEqual({ name, mode: 'host' });
      expect(service.ports).toBeUndefined();
      expect(service.networks).toBeUndefined();
      expect(service.build).toBeUndefined();
    }
    expect(result.compose.networks).toBeUndefined();
  });

  it('moves every port by the offset, onto loopback, and every reference with it', () => {
    const ports = result.listeners.map((l) => `${l.service}:${l.port}`);
    expect(ports).toEqual(
      expect.arrayContaining([
        'postgres:15432',
        'nats:14222',
        'nats:18222',
        'lb:13001',
        'roster-1:13101',
        'roster-2:13201',
      ]),
    );
    expect(new Set(result.listeners.map((l) => l.port)).size).toBe(result.listeners.length);
    const {
      'roster-1': roster,
      'roster-2': second,
      'roster-migrate': migrate,
      nats,
    } = result.compose.services;
    if (!roster || !second || !migrate || !nats)
      throw new Error('roster-1, roster-2, roster-migrate or nats is missing');
    expect(second.environment).toMatchObject({ PORT: '13201' });
    expect(second.image).toBe(roster.image);
    expect(roster.environment).toMatchObject({
      PORT: '13101',
      NATS_URL: 'nats://127.0.0.1:14222',
      DATABASE_URL:
        'postgres://postgres:${POSTGRES_PASSWORD:-postgres}@127.0.0.1:15432/bulwark_roster',
    });
    expect(migrate.image).toBe(roster.image);
    expect(JSON.stringify(nats.healthcheck)).toContain('http://127.0.0.1:18222/healthz');
    const overlay = readFileSync(join(out, 'nats.nats.conf'), 'utf8');
    expect(overlay).toContain('listen: 127.0.0.1:14222');
    expect(overlay).toContain('http: 127.0.0.1:18222');
    // `<service>:<port>` after `@` or `//` is a host on Compose's network; none may be left.
    const text = JSON.stringify(result.compose);
    expect(text.match(/(@|\/\/)[a-z][a-z0-9-]*:\d+/g)).toBeNull();
  });

  it('builds each distinct image from deploy/Dockerfile once, and names the images it needs', () => {
    expect(result.builds.every((line) => line.split('\t')[2]?.endsWith('deploy/Dockerfile'))).toBe(
      true,
    );
    expect(new Set(result.builds).size).toBe(result.builds.length);
    expect(result.images.sort()).toEqual(['haproxy:2.6', 'nats:2.9-alpine', 'postgres:15']);
  });

  it('puts the load balancer on the frontends’ ports and its servers on the replicas’', () => {
    const lb = result.compose.services.lb;
    if (!lb) throw new Error('lb is missing');
    const config = join(out, 'lb.haproxy.cfg');
    expect(lb.volumes).toEqual([`${config}:/usr/local/etc/haproxy/haproxy.cfg:ro`]);
    expect(JSON.stringify(lb.healthcheck)).toContain('/dev/tcp/127.0.0.1/18404');
    const text = readFileSync(config, 'utf8');
    expect(text).toContain('bind 127.0.0.1:13001');
    expect(text).toContain('server roster-1 127.0.0.1:13101');
    expect(text).toContain('server roster-2 127.0.0.1:13201');
    expect(text).toContain('server audit-2 127.0.0.1:13206');
    expect(text).not.toMatch(/^\s*bind\s+:/m);
    expect(text).not.toMatch(/server \S+ [a-z][a-z0-9-]*:\d+/);
    expect(result.listeners).toContainEqual({
      service: 'lb',
      port: 13002,
      kind: 'lb',
      route: 'reporting',
    });
  });
});
