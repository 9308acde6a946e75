// The smoke's traffic, all to 127.0.0.1: one enrolment (roster), one check-in (reporting),
// and both in the audit log (audit's HTTP API), i.e. every service, its database, its relay
// to JetStream and the consumers in between. Every request goes through the load balancer
// (its frontend named after the service, from ports.tsv), never to a replica directly.
//
//   SMOKE_OFFICE_TOKEN=... SMOKE_STUDENT_TOKEN=... SMOKE_AUDITOR_TOKEN=... \
//     tsx deploy/smoke/flow.ts <ports.tsv> <student number> <class code>
import { readFileSync } from 'node:fs';

const HOST = '127.0.0.1';
const WAIT_MS = 90_000;

interface Answer {
  status: number;
  body: unknown;
}

async function call(port: number, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`http://${HOST}:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the error message
  }
  return { status: res.status, body: parsed } satisfies Answer;
}

function expectStatus(what: string, answer: Answer, status: number): void {
  if (answer.status !== status)
    throw new Error(
      `${what}: HTTP ${answer.status}, wanted ${status}: ${JSON.stringify(answer.body)}`,
    );
}

/** Retries `attempt` every half second until it returns a value, for at most WAIT_MS. */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS / 1000}s (${last})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function token(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The load balancer's port for each service (ports.tsv: service, port, kind, frontend). */
function balancedPorts(file: string): Map<string, number> {
  const ports = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [, port, kind, frontend] = line.split('\t');
    if (kind === 'lb' && frontend) ports.set(frontend, Number(port));
  }
  return ports;
}

async function main(): Promise<void> {
  const [portsFile, studentNumber, classCode] = process.argv.slice(2);
  if (!portsFile || !studentNumber || !classCode) {
    throw new Error('usage: flow.ts <ports.tsv> <student number> <class code>');
  }
  const ports = balancedPorts(portsFile);
  const port = (service: string) => {
    const found = ports.get(service);
    if (!found) throw new Error(`no load balancer port for ${service} in ${portsFile}`);
    return found;
  };
  const office = token('SMOKE_OFFICE_TOKEN');
  const student = token('SMOKE_STUDENT_TOKEN');
  const auditor = token('SMOKE_AUDITOR_TOKEN');
  const started = Date.now();
  const step = (text: string) =>
    console.log(`[smoke] ${((Date.now() - started) / 1000).toFixed(1)}s ${text}`);

  // Both lines of the roster, down to a class and a room.
  const units = [
    { code: 'smk', name: 'Smoke University', level: 'university', parentCode: null },
    { code: 'smk-law', name: 'Law School', level: 'college', parentCode: 'smk' },
    { code: 'smk-law-2026', name: 'Law 2026', level: 'grade', parentCode: 'smk-law' },
    { code: classCode, name: 'Law 2026 class 1', level: 'class', parentCode: 'smk-law-2026' },
    { code: 'smk-north', name: 'North campus', level: 'campus', parentCode: null },
    { code: 'smk-n1', name: 'Community 1', level: 'community', parentCode: 'smk-north' },
    { code: 'smk-n1-b1', name: 'Building 1', level: 'building', parentCode: 'smk-n1' },
    { code: 'smk-n1-b1-f1', name: 'Floor 1', level: 'floor', parentCode: 'smk-n1-b1' },
    {
      code: 'smk-101',
      name: 'Room 101',
      level: 'room',
      parentCode: 'smk-n1-b1-f1',
      bedCapacity: 4,
    },
  ];
  for (const unit of units) {
    expectStatus(
      `roster POST /units ${unit.code}`,
      await call(port('roster'), 'POST', '/units', office, unit),
      201,
    );
  }
  step(`roster: ${units.length} units created`);

  const enrol = await call(port('roster'), 'POST', '/students', office, {
    studentNumber,
    name: 'Smoke Student',
    studentType: 'undergraduate',
    classCode,
    gender: 'female',
    ethnicity: 'Han',
    halal: false,
    phone: '+86 138 0000 0000',
    residence: { kind: 'on-campus', roomCode: 'smk-101' },
  });
  expectStatus('roster POST /students', enrol, 201);
  step(`roster: student ${studentNumber} enrolled`);

  // Reporting knows the student once roster's events reached it over JetStream.
  const checkIn = {
    location: { kind: 'on-campus' },
    health: { temperatureC: 36.6, symptoms: [] },
    exposure: 'none',
  };
  const accepted = await eventually('reporting accepts the check-in', async () => {
    const answer = await call(port('reporting'), 'POST', '/check-ins', student, checkIn);
    if (answer.status === 201) return answer;
    throw new Error(`HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  });
  step(`reporting: check-in accepted ${JSON.stringify(accepted.body)}`);

  const wanted = ['StudentEnrolled', 'CheckInSubmitted'];
  const timeline = await eventually('the audit log shows both events', async () => {
    const answer = await call(port('audit'), 'GET', `/students/${studentNumber}/timeline`, auditor);
    expectStatus('audit GET /students/:number/timeline', answer, 200);
    const entries = (
      answer.body as { entries?: { context: string; type: string; actor: string }[] }
    ).entries;
    const types = (entries ?? []).map((e) => e.type);
    if (wanted.every((type) => types.includes(type))) return entries;
    throw new Error(`timeline has [${types.join(', ')}]`);
  });
  step(`audit: ${timeline.map((e) => `${e.context}/${e.type} by ${e.actor}`).join(', ')}`);

  // Two replicas of every service: still one relay, one ingestion, so each event once, also a
  // few seconds later (a second relay or consumer would add its copy by then).
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const again = await call(port('audit'), 'GET', `/students/${studentNumber}/timeline`, auditor);
  expectStatus('audit GET /students/:number/timeline', again, 200);
  const types = ((again.body as { entries?: { type: string }[] }).entries ?? []).map((e) => e.type);
  for (const type of wanted) {
    const count = types.filter((t) => t === type).length;
    if (count !== 1) throw new Error(`audit: ${type} ${count} times in [${types.join(', ')}]`);
  }
  step(`audit: each event once after 5 s more (${types.length} entries)`);
}

main().catch((error: unknown) => {
  console.error(`[smoke] flow failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
