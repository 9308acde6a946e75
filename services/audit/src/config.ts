import { serviceConfigFromEnv, ServiceConfig } from '@bulwark/runtime';

export const AUDIT_CONTEXT = 'audit';
export const AUDIT_PORT = 3006;
export const DEFAULT_AUDITED_CONTEXTS = ['roster', 'reporting', 'isolation', 'meals', 'volunteers'];

/** The audit service's settings (README: "Environment variables"). */
export interface AuditConfig extends ServiceConfig {
  /** Contexts whose streams feed the audit log: AUDIT_CONTEXTS. */
  contexts: string[];
  /** Durable consumers are named `<consumer>-<context>`: AUDIT_CONSUMER. */
  consumer: string;
  /** Messages per ingest transaction at most: AUDIT_BATCH_SIZE. */
  batchSize: number;
  /** Whether this process ingests (AUDIT_INGEST=off: serve views only). */
  ingest: boolean;
}

/** A list of context names from configuration: comma or space separated, each once. */
export function parseContexts(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_AUDITED_CONTEXTS];
  const names = raw.split(/[\s,]+/).filter(Boolean);
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(name))
      throw new Error(
        `AUDIT_CONTEXTS: "${name}" is not a context name (lower-case letters, digits, -)`,
      );
    if (name === AUDIT_CONTEXT) throw new Error('AUDIT_CONTEXTS: the audit does not audit itself');
  }
  return [...new Set(names)];
}

export function auditConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const databaseUrl = env.AUDIT_DATABASE_URL || env.DATABASE_URL;
  const base = serviceConfigFromEnv(AUDIT_PORT, { ...env, DATABASE_URL: databaseUrl });
  const batch = env.AUDIT_BATCH_SIZE ? Number(env.AUDIT_BATCH_SIZE) : 5000;
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
    throw new Error(
      `AUDIT_BATCH_SIZE must be an integer from 1 to 10000, got "${env.AUDIT_BATCH_SIZE}"`,
    );
  const consumer = env.AUDIT_CONSUMER || 'audit';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(consumer))
    throw new Error(`AUDIT_CONSUMER must be letters, digits, _ or -, got "${consumer}"`);
  return {
    ...base,
    contexts: parseContexts(env.AUDIT_CONTEXTS),
    consumer,
    batchSize: batch,
    ingest: (env.AUDIT_INGEST ?? 'on') !== 'off',
  };
}
