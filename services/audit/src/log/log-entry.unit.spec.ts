import type { BulwarkCloudEvent } from '@bulwark/messaging';
import {
  logEntryOf,
  readEnvelope,
  studentNumbersIn,
  typeOfCloudEvent,
  unitCodesIn,
  UnreadableEnvelope,
} from './log-entry';

const envelope = (over: Partial<BulwarkCloudEvent> = {}): BulwarkCloudEvent => ({
  specversion: '1.0',
  id: '0b7c9a52-1f0e-4c1e-9d7a-2f5d3c1b0a99',
  source: 'urn:bulwark:roster',
  type: 'bulwark.roster.RoomsRelocated.v1',
  subject: 'relocation-R1',
  time: '2020-01-25T08:00:00.000Z',
  datacontenttype: 'application/json',
  dataschema: 'urn:bulwark:schema:roster:RoomsRelocated:v1',
  data: {
    relocationId: 'R1',
    moves: [
      { fromRoomCode: 'n-101', toRoomCode: 'n-201', studentNumbers: ['S2', 'S1'] },
      { fromRoomCode: 'n-102', toRoomCode: 'n-202', studentNumbers: ['S3'] },
    ],
  },
  streamversion: 1,
  correlationid: 'c-1',
  causationid: null,
  actor: 'office-2',
  commandid: null,
  prevhash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  ...over,
});
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('log entry', () => {
  it('finds every student an event is about, at any depth, once each', () => {
    expect(studentNumbersIn(envelope().data)).toEqual(['S1', 'S2', 'S3']);
    expect(studentNumbersIn({ studentNumber: 'X9', note: { studentNumber: 'X9' } })).toEqual([
      'X9',
    ]);
    expect(studentNumbersIn({ count: 3 })).toEqual([]);
  });

  it('finds the org units an event names: codes and paths', () => {
    expect(unitCodesIn({ classCode: 'sem-2021-1', classPath: ['uni', 'sem'], code: 'x' })).toEqual([
      'sem',
      'sem-2021-1',
      'uni',
      'x',
    ]);
    expect(unitCodesIn(envelope().data)).toEqual(['n-101', 'n-102', 'n-201', 'n-202']);
  });

  it('reads the type and schema version of a bulwark CloudEvents type', () => {
    expect(typeOfCloudEvent('bulwark.meals.MealDelivered.v12')).toEqual({
      type: 'MealDelivered',
      version: 12,
    });
    expect(() => typeOfCloudEvent('com.example.X.v1')).toThrow(UnreadableEnvelope);
  });

  it('turns an envelope into the entry the log keeps', () => {
    expect(logEntryOf('roster', 7, envelope())).toMatchObject({
      context: 'roster',
      streamSeq: 7,
      streamId: 'relocation-R1',
      streamVersion: 1,
      type: 'RoomsRelocated',
      schemaVersion: 1,
      actor: 'office-2',
      studentNumbers: ['S1', 'S2', 'S3'],
    });
  });

  it('refuses what the log cannot hold as an event, saying why', () => {
    expect(readEnvelope(bytes(envelope()))).toMatchObject({ id: envelope().id });
    const bad: [unknown, RegExp][] = [
      ['{not json', /not JSON/],
      [[1, 2], /not an object/],
      [{ ...envelope(), specversion: '0.3' }, /specversion/],
      [{ ...envelope(), id: 'abc' }, /not a UUID/],
      [{ ...envelope(), streamversion: 0 }, /streamversion/],
      [{ ...envelope(), time: 'yesterday' }, /bad time/],
      [{ ...envelope(), actor: undefined }, /without actor/],
      [{ ...envelope(), type: 'bulwark.roster.x' }, /not a bulwark event type/],
    ];
    for (const [value, reason] of bad) {
      const raw = typeof value === 'string' ? Buffer.from(value) : bytes(value);
      expect(() => readEnvelope(raw)).toThrow(reason);
    }
  });
});
