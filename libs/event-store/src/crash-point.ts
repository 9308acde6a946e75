const reached = new Map<string, number>();

/**
 * A named place where a crash test may kill this process outright (SIGKILL: no cleanup, no
 * flushing), set by BULWARK_CRASH_AT=<point> or <point>@<nth time>. Unset in production,
 * where it costs one environment lookup.
 */
export function crashPoint(name: string): void {
  const spec = process.env.BULWARK_CRASH_AT;
  if (!spec) return;
  const [point, nth] = spec.split('@');
  if (point !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
