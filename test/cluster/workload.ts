import { sign } from 'jsonwebtoken';
import type { Instance } from './service-fleet';
import { at } from './checked';

/**
 * What the cluster tests put through the services, over HTTP only: units and roster imports
 * (roster), check-ins (reporting). Requests go round-robin over a service's live instances,
 * as a load balancer with health checks would send them; a request to an instance that died
 * under it goes to the next one.
 */
export class Workload {
  readonly office: string;
  private turn = 0;

  constructor(private readonly secret: string) {
    this.office = this.token('office-1', ['student-affairs'], ['*']);
  }

  token(sub: string, roles: string[], scopes: string[]): string {
    return sign({ sub, name: sub, roles, scopes }, this.secret, {
      algorithm: 'HS256',
      expiresIn: '1h',
    });
  }

  studentToken(studentNumber: string): string {
    return this.token(studentNumber, ['student'], []);
  }

  /** One request to the next live instance; retried on the others when the connection fails. */
  async send(
    instances: Instance[],
    method: string,
    path: string,
    token: string,
    body: string,
    contentType = 'application/json',
  ): Promise<{ status: number; text: string }> {
    let lastError: unknown = null;
    for (let attempt = 0; attempt < instances.length * 3; attempt += 1) {
      const live = instances.filter((i) => i.process !== null);
      if (live.length === 0) throw new Error('no live instance');
      const instance = at(live, this.turn++ % live.length);
      try {
        const res = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        return { status: res.status, text: await res.text() };
      } catch (error) {
        lastError = error; // the instance died under the request: the next one takes it
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw lastError;
  }

  async expectStatus(
    expected: number,
    call: Promise<{ status: number; text: string }>,
    what: string,
  ): Promise<void> {
    const res = await call;
    if (res.status !== expected)
      throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  }
}

export const COLLEGES = 2;
export const CLASSES_PER_COLLEGE = 3;

const pad = (n: number) => String(n).padStart(5, '0');
export const studentNumber = (i: number) => `S${pad(i)}`;
export const classOf = (i: number) => {
  const k = i % (COLLEGES * CLASSES_PER_COLLEGE);
  return `col${Math.floor(k / CLASSES_PER_COLLEGE)}-k${k % CLASSES_PER_COLLEGE}`;
};

/** The university: COLLEGES colleges, one grade each, CLASSES_PER_COLLEGE classes a grade. */
export function units(): { code: string; name: string; level: string; parentCode?: string }[] {
  const list: { code: string; name: string; level: string; parentCode?: string }[] = [
    { code: 'uni', name: 'University', level: 'university' },
  ];
  for (let c = 0; c < COLLEGES; c += 1) {
    list.push({ code: `col${c}`, name: `College ${c}`, level: 'college', parentCode: 'uni' });
    list.push({ code: `col${c}-g`, name: `Grade ${c}`, level: 'grade', parentCode: `col${c}` });
    for (let k = 0; k < CLASSES_PER_COLLEGE; k += 1) {
      list.push({
        code: `col${c}-k${k}`,
        name: `Class ${c}.${k}`,
        level: 'class',
        parentCode: `col${c}-g`,
      });
    }
  }
  return list;
}

/** A roster CSV of students [from, to): off campus, so no rooms are needed. */
export function rosterCsv(from: number, to: number, classFor = classOf): string {
  const rows = [
    'student_number,name,type,class,gender,ethnicity,halal,phone,room,province,city,risk_area',
  ];
  for (let i = from; i < to; i += 1) {
    rows.push(
      `${studentNumber(i)},Student ${i},undergraduate,${classFor(i)},${i % 2 ? 'male' : 'female'},Han,no,13800000000,,Shaanxi,Xi'an,no`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/** Student i's check-in; `round` varies the answers, so a repeat is an amendment. */
export const checkIn = (i: number, round: number) =>
  JSON.stringify({
    location: { kind: 'off-campus', province: 'Shaanxi', city: "Xi'an" },
    health: { temperatureC: 36.2 + ((i + round) % 7) / 10, symptoms: [] },
    exposure: 'none',
  });

/** Runs `count` jobs with `concurrency` at once; returns when all are done. */
export async function burst(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await job(i);
      }
    }),
  );
}
