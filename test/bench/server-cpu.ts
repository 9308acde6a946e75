import { readdirSync, readFileSync } from 'node:fs';

/**
 * A process's (`<pid>`) or thread's (`<pid>/task/<tid>`) name and the CPU seconds it has used
 * so far (Linux /proc: utime + stime), or null once it has gone.
 */
export function procCpu(proc: number | string): { name: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${proc}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      seconds: (Number(fields[11]) + Number(fields[12])) / 100, // clock ticks of 1/100 s
    };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each process on this machine with the given name. */
export function cpuSecondsByProcess(name: string): Map<number, number> | null {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const byPid = new Map<number, number>();
  for (const dir of dirs) {
    const cpu = procCpu(dir);
    if (cpu?.name === name) byPid.set(Number(dir), cpu.seconds);
  }
  return byPid.size ? byPid : null;
}

/**
 * CPU the processes used between two readings: what each process still there at the second
 * used since the first (all of it, for one started in between). A process that ended in
 * between is left out: what it used after the first reading can no longer be read.
 */
function usedBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

/**
 * CPU of the servers a JetStream figure drives, in µs per message: nats-server and PostgreSQL
 * (every `postgres` process here: backends, WAL writer, checkpointer), when they run on this
 * machine. A server the bench reaches over the network shows as "-".
 */
export class ServerCpu {
  private readonly totals = new Map<string, { seconds: number; messages: number }>();

  async measure<T extends { ops: number }>(figure: string, run: () => Promise<T>): Promise<T> {
    const used = serverCpuSince();
    const result = await run();
    for (const [server, seconds] of Object.entries(used())) {
      if (seconds === null) continue;
      const key = `${figure}/${server}`;
      const total = this.totals.get(key) ?? { seconds: 0, messages: 0 };
      this.totals.set(key, {
        seconds: total.seconds + seconds,
        messages: total.messages + result.ops,
      });
    }
    return result;
  }

  /** µs of CPU per message over every round of the figure, or null when not measured. */
  perMessage(figure: string, server: 'nats-server' | 'postgres'): number | null {
    const total = this.totals.get(`${figure}/${server}`);
    return total && total.messages > 0 ? (total.seconds * 1e6) / total.messages : null;
  }
}

/**
 * Starts reading the CPU of nats-server and PostgreSQL (every process of each name on this
 * machine); the function returned gives the seconds each has used since, or null for a server
 * not running here.
 */
export function serverCpuSince(): () => Record<'nats-server' | 'postgres', number | null> {
  const nats = cpuSecondsByProcess('nats-server');
  const pg = cpuSecondsByProcess('postgres');
  const since = (server: string, before: Map<number, number> | null) => {
    const after = cpuSecondsByProcess(server);
    return before === null || after === null ? null : usedBetween(before, after);
  };
  return () => ({ 'nats-server': since('nats-server', nats), postgres: since('postgres', pg) });
}
