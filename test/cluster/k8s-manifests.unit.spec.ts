// deploy/k8s against the Kubernetes API schemas (kubernetes-models ships them: no cluster and
// nothing downloaded), and against the services: every service of docker-compose.yml and of
// services/ has a Deployment of two replicas probed on /health and a migration Job.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { parse, parseAllDocuments } from 'yaml';
import { at, present } from './checked';

const ROOT = resolve(__dirname, '../..');
const K8S = resolve(ROOT, 'deploy/k8s');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  // The shape beyond these is the schema's business.
  [key: string]: unknown;
}

/** The models of the kinds deploy/k8s uses: a new kind is added here, with its schema. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const yamlFiles = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
const kustomization = parse(readFileSync(resolve(K8S, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
};
const manifests: { file: string; doc: Manifest }[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(resolve(K8S, file), 'utf8')).map((d) => {
    const [error] = d.errors;
    if (error) throw new Error(`${file}: ${error.message}`);
    return { file, doc: d.toJS() as Manifest };
  }),
);
const ofKind = <T>(kind: string) =>
  manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc as unknown as T);

/** Services with code: services/<name>/package.json. */
const serviceFolders = readdirSync(resolve(ROOT, 'services')).filter((name) =>
  existsSync(resolve(ROOT, 'services', name, 'package.json')),
);

/**
 * The application services of docker-compose.yml: those named after a services/ folder. Compose
 * runs each as numbered replicas behind the load balancer (`roster-1`, `roster-2`), so the
 * number is dropped; `-migrate` jobs are not services.
 */
function composeServices(): string[] {
  const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, unknown> };
  const names = Object.keys(compose.services).map((name) => name.replace(/-\d+$/, ''));
  return [...new Set(names)].filter((name) => serviceFolders.includes(name));
}

interface Container {
  command?: string[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  spec: { containers: Container[] };
}
interface DeploymentDoc {
  metadata: { name: string };
  spec: { replicas: number; template: PodSpec };
}
interface JobDoc {
  metadata: { name: string };
  spec: { template: PodSpec };
}

describe('deploy/k8s', () => {
  it('lists every manifest file in kustomization.yaml', () => {
    const listed = new Set(kustomization.resources);
    expect(yamlFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'nats-values.yaml')).toEqual(
      expect.arrayContaining([...listed]),
    );
    expect([...listed].sort()).toEqual(
      yamlFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'nats-values.yaml').sort(),
    );
  });

  it.each(manifests.map((m) => [`${m.file}: ${m.doc.kind} ${m.doc.metadata?.name}`, m.doc]))(
    '%s is valid against the Kubernetes schema',
    (_, doc) => {
      const Model = models[`${doc.apiVersion}/${doc.kind}`];
      expect(Model).toBeDefined();
      const Checked = present(Model, `a model for ${doc.apiVersion}/${doc.kind}`);
      expect(() => new Checked(doc as never).validate()).not.toThrow();
    },
  );

  it('the schema check catches a broken manifest', () => {
    const deployment = structuredClone(at(ofKind<DeploymentDoc>('Deployment'), 0));
    (deployment.spec as unknown as Record<string, unknown>).replicas = 'two';
    expect(() => new Deployment(deployment as never).validate()).toThrow();
  });

  const expected = [...new Set([...composeServices(), ...serviceFolders])];

  it('covers every service of docker-compose.yml and services/', () => {
    expect(composeServices().length).toBeGreaterThan(0);
    expect(
      ofKind<DeploymentDoc>('Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...expected].sort());
  });

  it.each(expected)(
    '%s: two replicas probed on /health, resources, ConfigMap and Secrets',
    (service) => {
      const deployment = ofKind<DeploymentDoc>('Deployment').find(
        (d) => d.metadata.name === service,
      );
      expect(deployment).toBeDefined();
      const { spec } = present(deployment, `a Deployment named ${service}`);
      expect(spec.replicas).toBe(2);
      const container = at(spec.template.spec.containers, 0);
      expect(container.command).toEqual(['node', `services/${service}/dist/main.js`]);
      expect(container.readinessProbe?.httpGet?.path).toBe('/health');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(container.resources?.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(container.resources?.limits?.memory).toEqual(expect.any(String));
      const from = container.envFrom ?? [];
      expect(from).toContainEqual({ configMapRef: { name: 'bulwark-config' } });
      expect(from).toContainEqual({ secretRef: { name: `${service}-db` } });
      const secrets = new Set(
        ofKind<{ metadata: { name: string } }>('Secret').map((s) => s.metadata.name),
      );
      const configMaps = new Set(
        ofKind<{ metadata: { name: string } }>('ConfigMap').map((s) => s.metadata.name),
      );
      for (const ref of from) {
        if (ref.secretRef) expect(secrets).toContain(ref.secretRef.name);
        if (ref.configMapRef) expect(configMaps).toContain(ref.configMapRef.name);
      }
    },
  );

  it.each(expected)('%s: a migration Job running its migrate.js', (service) => {
    const job = ofKind<JobDoc>('Job').find((j) => j.metadata.name === `${service}-migrate`);
    expect(job).toBeDefined();
    const { spec } = present(job, `a Job named ${service}-migrate`);
    const container = at(spec.template.spec.containers, 0);
    expect(container.command).toEqual(['node', `services/${service}/dist/migrate.js`]);
    expect(container.envFrom).toContainEqual({ secretRef: { name: `${service}-db` } });
  });

  it('streams are replicated three ways', () => {
    const config = at(ofKind<{ data: Record<string, string> }>('ConfigMap'), 0);
    expect(config.data.STREAM_REPLICAS).toBe('3');
  });

  it('nats-values.yaml: three servers as one cluster, JetStream on file storage', () => {
    const values = parse(readFileSync(resolve(K8S, 'nats-values.yaml'), 'utf8')) as {
      config: {
        cluster: { enabled: boolean; replicas: number };
        jetstream: { enabled: boolean; fileStore: { enabled: boolean; pvc: { enabled: boolean } } };
      };
    };
    expect(values.config.cluster).toEqual(expect.objectContaining({ enabled: true, replicas: 3 }));
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.jetstream.fileStore.enabled).toBe(true);
    expect(values.config.jetstream.fileStore.pvc.enabled).toBe(true);
  });
});
