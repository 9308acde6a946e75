import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLUSTER_DIR, clusterConfFor, nodeConf, portsOf } from './nats-config';

const deployed = readFileSync(resolve(CLUSTER_DIR, 'cluster.conf'), 'utf8');

describe('the loopback cluster is deploy/nats/cluster with other addresses', () => {
  const conf = clusterConfFor(2, 3, 14300, '/tmp/store-2');

  it('listens on loopback ports of its own', () => {
    expect(portsOf(14300, 2)).toEqual({ client: 14302, route: 16302, monitor: 18302 });
    expect(conf).toContain('listen: 127.0.0.1:14302');
    expect(conf).toContain('listen: 127.0.0.1:16302');
    expect(conf).toContain('http: 127.0.0.1:18302');
    expect(conf).toContain('store_dir: "/tmp/store-2"');
    expect(conf).not.toMatch(/0\.0\.0\.0|nats-\d:6222/);
  });

  it('routes to every node, as deployed', () => {
    for (const n of [1, 2, 3]) expect(conf).toContain(`nats-route://127.0.0.1:${16300 + n}`);
  });

  it('keeps everything else of the deployed file', () => {
    const kept = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/listen:|http:|store_dir:|max_(file|memory)_store:|nats-route:/.test(l));
    expect(kept(conf)).toEqual(kept(deployed));
    expect(conf).toMatch(/name: bulwark/);
  });

  it('uses nats-N.conf as deployed', () => {
    expect(nodeConf(3)).toContain('server_name: nats-3');
  });

  it('fails when the deployed file changes shape', () => {
    expect(() =>
      clusterConfFor(1, 3, 14300, '/s', deployed.replace('listen: 0.0.0.0:6222', '')),
    ).toThrow(/route listen/);
    expect(() =>
      clusterConfFor(1, 3, 14300, '/s', deployed.replace(/\s*nats-route:\/\/nats-3:6222/, '')),
    ).toThrow(/3 routes, found 2/);
  });
});
