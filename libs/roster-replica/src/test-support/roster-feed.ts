import { randomUUID } from 'node:crypto';
import {
  rosterStreamId,
  type RosterEvent,
  type RosterEventMap,
  type RosterEventType,
  type RoomPurpose,
  type StaffRole,
  type StudentEnrolled,
} from '@bulwark/contracts';
import type { RecordedEvent } from '@bulwark/event-store';
import {
  ensureContextStream,
  subjectOf,
  toCloudEvent,
  type BulwarkCloudEvent,
} from '@bulwark/messaging';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Plays the roster service on JetStream for the tests of services that keep a roster replica:
 * publishes roster events as the roster's relay does (CloudEvents on `bulwark.roster.<Type>`
 * in the suite's namespace, with stream versions per roster stream), and can replay or
 * reorder them. `settled()` waits for the service's durable consumer on ROSTER.
 */
export class RosterFeed {
  private readonly versions = new Map<string, number>();
  readonly published: BulwarkCloudEvent[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly prefix: string,
    readonly consumer: string,
  ) {}

  /** `consumer`: the durable `settled()` waits for (`<service>-roster`). */
  static async connect(natsUrl: string, prefix: string, consumer: string): Promise<RosterFeed> {
    const nc = await connect({ servers: natsUrl });
    const jsm = await jetstreamManager(nc);
    await ensureContextStream(jsm, { prefix }, 'roster');
    return new RosterFeed(nc, jetstream(nc), jsm, prefix, consumer);
  }

  /** Builds the envelope of the next event on a roster stream (not published yet). */
  envelope<K extends RosterEventType>(
    streamId: string,
    type: K,
    data: RosterEventMap[K],
  ): BulwarkCloudEvent {
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    const recorded: RecordedEvent = {
      globalPosition: 0n,
      transactionId: 0n,
      eventId: randomUUID(),
      streamId,
      streamVersion: version,
      type,
      schemaVersion: 1,
      data,
      metadata: {
        correlationId: randomUUID(),
        causationId: null,
        actor: 'roster-feed',
        commandId: null,
      },
      occurredAt: new Date(),
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    };
    return toCloudEvent('roster', recorded);
  }

  /** Publishes envelopes as they are (a repeat keeps its id: a redelivery, not a new event). */
  async publish(...envelopes: BulwarkCloudEvent[]): Promise<void> {
    const acks = envelopes.map((e) => {
      const type = e.type.split('.')[2];
      this.published.push(e);
      // A fresh message id per publish: JetStream keeps a replay; the consumer's inbox must catch it.
      return this.js.publish(
        subjectOf({ prefix: this.prefix }, 'roster', defined(type)),
        JSON.stringify(e),
        {
          msgID: randomUUID(),
        },
      );
    });
    await Promise.all(acks);
  }

  async emit(...events: { streamId: string; event: RosterEvent }[]): Promise<BulwarkCloudEvent[]> {
    const envelopes = events.map(({ streamId, event }) =>
      this.envelope(streamId, event.type, event.data as never),
    );
    await this.publish(...envelopes);
    return envelopes;
  }

  academic(
    code: string,
    name: string,
    level: 'university' | 'college' | 'grade' | 'class',
    path: string[],
  ) {
    return {
      streamId: rosterStreamId.unit(code),
      event: {
        type: 'AcademicUnitCreated' as const,
        data: {
          code,
          name,
          level,
          parentCode: path.at(-2) ?? null,
          path,
        },
      },
    };
  }

  residential(
    code: string,
    name: string,
    level: 'campus' | 'community' | 'building' | 'floor' | 'room',
    path: string[],
  ) {
    return {
      streamId: rosterStreamId.unit(code),
      event: {
        type: 'ResidentialUnitCreated' as const,
        data: {
          code,
          name,
          level,
          parentCode: path.at(-2) ?? null,
          path,
          bedCapacity: level === 'room' ? 4 : null,
        },
      },
    };
  }

  staff(unitCode: string, staffId: string, staffName: string, role: StaffRole) {
    return {
      streamId: rosterStreamId.unit(unitCode),
      event: { type: 'StaffAssignedToUnit' as const, data: { unitCode, staffId, staffName, role } },
    };
  }

  unassigned(unitCode: string, staffId: string, role: StaffRole, replacedBy: string | null = null) {
    return {
      streamId: rosterStreamId.unit(unitCode),
      event: {
        type: 'StaffUnassignedFromUnit' as const,
        data: { unitCode, staffId, role, replacedBy },
      },
    };
  }

  enrolled(
    studentNumber: string,
    classPath: string[],
    residence: StudentEnrolled['residence'] = {
      kind: 'off-campus',
      province: 'Hubei',
      city: 'Wuhan',
      riskArea: true,
    },
    person: { ethnicity?: string; halal?: boolean } = {},
  ) {
    return {
      streamId: rosterStreamId.student(studentNumber),
      event: {
        type: 'StudentEnrolled' as const,
        data: {
          studentNumber,
          name: `学生 ${studentNumber}`,
          studentType: 'undergraduate' as const,
          classCode: defined(classPath.at(-1), 'a class path'),
          classPath,
          gender: 'female' as const,
          ethnicity: person.ethnicity ?? 'Han',
          halal: person.halal ?? false,
          phone: '13800000000',
          residence,
        },
      },
    };
  }

  leftCampus(
    studentNumber: string,
    previousRoomCode: string | null,
    province = 'Gansu',
    city = 'Lanzhou',
  ) {
    return {
      streamId: rosterStreamId.student(studentNumber),
      event: {
        type: 'StudentLeftCampus' as const,
        data: { studentNumber, previousRoomCode, province, city, riskArea: false },
      },
    };
  }

  assignedToRoom(studentNumber: string, roomPath: string[], previousRoomCode: string | null) {
    return {
      streamId: rosterStreamId.student(studentNumber),
      event: {
        type: 'StudentAssignedToRoom' as const,
        data: {
          studentNumber,
          roomCode: defined(roomPath.at(-1), 'a room path'),
          roomPath,
          previousRoomCode,
          relocationId: null,
        },
      },
    };
  }

  returnedToCampus(studentNumber: string, roomPath: string[]) {
    return {
      streamId: rosterStreamId.student(studentNumber),
      event: {
        type: 'StudentReturnedToCampus' as const,
        data: { studentNumber, roomCode: defined(roomPath.at(-1), 'a room path'), roomPath },
      },
    };
  }

  dietaryNeed(studentNumber: string, halal: boolean) {
    return {
      streamId: rosterStreamId.student(studentNumber),
      event: { type: 'DietaryNeedRecorded' as const, data: { studentNumber, halal } },
    };
  }

  roomReserved(roomCode: string, purpose: RoomPurpose, relocationId: string | null = null) {
    return {
      streamId: rosterStreamId.unit(roomCode),
      event: { type: 'RoomReserved' as const, data: { roomCode, purpose, relocationId } },
    };
  }

  /** Waits until the service's durable consumer on ROSTER has taken and acked every message. */
  async settled(consumer = this.consumer, timeoutMs = 30_000): Promise<void> {
    const stream = `${this.prefix.toUpperCase()}_ROSTER`;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.jsm.consumers.info(stream, consumer).catch(() => null);
      if (
        info &&
        info.num_pending === 0 &&
        info.num_ack_pending === 0 &&
        info.delivered.stream_seq >= this.published.length
      )
        return;
      if (Date.now() > until)
        throw new Error(`roster consumer not settled: ${JSON.stringify(info?.num_pending)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

function defined<T>(value: T | undefined, what = 'a value'): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}
