/**
 * Where a deployment's subjects and streams live. Production uses no prefix
 * (`bulwark.roster.StudentEnrolled` on stream `ROSTER`); each test suite gets its own prefix so
 * suites share one NATS server without seeing each other.
 */
export interface Namespace {
  prefix: string;
}

/** The dead-letter "context": poison messages of every consumer, by service. */
export const DEAD_LETTER_CONTEXT = 'deadletter';

export function subjectOf(ns: Namespace, context: string, eventType: string): string {
  return `${ns.prefix ? `${ns.prefix}.` : ''}bulwark.${context}.${eventType}`;
}

/** Every subject of a context: what its stream captures and what its consumers filter on. */
export function contextWildcard(ns: Namespace, context: string): string {
  return subjectOf(ns, context, '>');
}

export function streamOf(ns: Namespace, context: string): string {
  return `${ns.prefix ? `${ns.prefix.toUpperCase()}_` : ''}${context.toUpperCase()}`;
}

/** `bulwark.roster.StudentEnrolled` from a subject that may carry the namespace prefix. */
export function withoutNamespace(ns: Namespace, subject: string): string {
  return ns.prefix && subject.startsWith(`${ns.prefix}.`)
    ? subject.slice(ns.prefix.length + 1)
    : subject;
}

/** `roster` from `bulwark.roster.StudentEnrolled`. */
export function contextOfPattern(pattern: string): string {
  const [root, context, ...rest] = pattern.split('.');
  if (root !== 'bulwark' || context === undefined || rest.length === 0)
    throw new Error(`not a bulwark subject: ${pattern}`);
  return context;
}
