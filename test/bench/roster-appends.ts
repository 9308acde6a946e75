import { randomBytes, randomUUID } from 'node:crypto';
import { NewEvent } from '@bulwark/decider';
import {
  eventStoreMigrations,
  EventStoreOptions,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
} from '@bulwark/event-store';
import type { DataSource } from 'typeorm';
import { closedLoop, forEachConcurrent, Rate } from './measure';
import { at } from './checked';
import {
  benchActor,
  EnrolStudent,
  KnownClasses,
  rosterMigrations,
  RosterWorkload,
  StudentCommands,
  UnitCommands,
} from './roster-workload';

export interface RosterAppendsOptions {
  url: string;
  pgPoolSize: number;
  store: Pick<EventStoreOptions, 'maxBatch' | 'maxInFlight'>;
}

/**
 * Roster's write path on the real store: a migrated roster database (event store plus roster
 * tables), the sample campus's classes created through `UnitCommands.createUnit`, then N writers
 * each enrolling distinct off-campus students through `StudentCommands.enrol` (student taken as
 * new, class from the `KnownClasses` the same process created, scope check, decide, append
 * expecting no stream; group commit in the store). `storeAppend` isolates the store: the same StudentEnrolled event appended straight to
 * a new stream, 'no-stream' expected, no read and no decider (Emmett's workload, for Emmett).
 */
export class RosterAppends {
  private nextStudent = 0;
  private nextStream = 0;
  private appended = 0;
  private readonly streamPrefix = `student-b${randomBytes(3).toString('hex')}`;
  private readonly events: NewEvent[] = [];

  private constructor(
    private readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
    private readonly units: UnitCommands,
    private readonly students: StudentCommands,
    private readonly workload: RosterWorkload,
  ) {}

  static async open(options: RosterAppendsOptions, workload: RosterWorkload) {
    const dataSource = serviceDataSource({
      url: options.url,
      migrations: [...eventStoreMigrations, ...rosterMigrations],
      poolSize: options.pgPoolSize,
      applicationName: 'bulwark-bench-roster',
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new PostgresEventStore(poolOf(dataSource), options.store);
    const classes = new KnownClasses();
    const bench = new RosterAppends(
      dataSource,
      store,
      new UnitCommands(store, classes),
      new StudentCommands(store, classes),
      workload,
    );
    for (const wave of workload.unitWaves) {
      await forEachConcurrent(wave, 8, async (unit) => {
        const outcome = await bench.units.createUnit(unit, benchActor);
        bench.appended += outcome.events.length;
      });
    }
    // Payloads for storeAppend, made by the decider up front (not part of the measured work).
    for (const student of workload.students.slice(0, 2000)) {
      bench.events.push(workload.enrolledEvent(student));
    }
    return bench;
  }

  /** Students not enrolled yet. */
  get studentsLeft(): number {
    return this.workload.students.length - this.nextStudent;
  }

  enrol(writers: number, seconds: number, warmupSeconds: number): Promise<Rate> {
    return closedLoop(writers, seconds, warmupSeconds, async () => {
      const student: EnrolStudent | undefined = this.workload.students[this.nextStudent++];
      if (!student) return false;
      const outcome = await this.students.enrol(student, benchActor);
      if (outcome.events.length !== 1) throw new Error(`enrol appended ${outcome.events.length}`);
      this.appended += 1;
      return true;
    });
  }

  storeAppend(writers: number, seconds: number, warmupSeconds: number): Promise<Rate> {
    return closedLoop(writers, seconds, warmupSeconds, async () => {
      const i = this.nextStream++;
      await this.store.append(
        [
          {
            streamId: `${this.streamPrefix}-${i}`,
            expectedVersion: 'no-stream',
            events: [at(this.events, i % this.events.length)],
          },
        ],
        {
          metadata: {
            correlationId: randomUUID(),
            causationId: null,
            actor: benchActor.id,
            commandId: null,
          },
        },
      );
      this.appended += 1;
    });
  }

  /** Checks that every acknowledged append is in the table, then closes the pool. */
  async close(): Promise<void> {
    try {
      const { rows } = await this.store.pool.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM events',
      );
      const { n } = at(rows, 0);
      if (Number(n) !== this.appended) {
        throw new Error(`events table holds ${n} events, ${this.appended} acknowledged`);
      }
    } finally {
      await this.dataSource.destroy();
    }
  }
}
