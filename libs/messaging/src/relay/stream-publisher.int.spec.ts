import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestNats, type TestNats } from '@bulwark/testing';
import { StreamPublisher, type StreamMessage } from './stream-publisher';

describe('StreamPublisher (real NATS JetStream)', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let subject: string;

  beforeAll(async () => {
    nats = await createTestNats('publisher');
    nc = await connect({ servers: nats.url, noAsyncTraces: true });
    jsm = await jetstreamManager(nc);
    stream = `${nats.prefix.toUpperCase()}_PUBLISHER`;
    subject = `${nats.prefix}.publisher.Happened`;
    await jsm.streams.add({ name: stream, subjects: [`${nats.prefix}.publisher.>`] });
  });
  afterAll(async () => {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
  });

  const message = (n: number, expectedLastSequence: number): StreamMessage => ({
    subject,
    data: JSON.stringify({ n }),
    msgId: `msg-${nats.prefix}-${n}`,
    expectedLastSequence,
    headers: { 'Bulwark-Position': `0:${n}` },
  });

  it('stores a batch in order with its headers and answers every ack, in order', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const { sent, acks, failure } = publisher.publish([0, 1, 2].map((i) => message(i + 1, i)));
    expect(sent).toBe(3);
    expect(failure).toBeNull();
    expect(await acks).toEqual([
      { seq: 1, duplicate: false },
      { seq: 2, duplicate: false },
      { seq: 3, duplicate: false },
    ]);
    const stored = await jsm.streams.getMessage(stream, { seq: 2 });
    expect(stored?.json()).toEqual({ n: 2 });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(`msg-${nats.prefix}-2`);
    expect(stored?.header.get('Bulwark-Position')).toBe('0:2');
    publisher.close();
  });

  it('fails the batch when the stream refuses a message (not right after the expected one), after every answer', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    // the second message expects a sequence the stream is not at: refused, the others land
    const { acks } = publisher.publish([message(10, last), message(11, last + 5)]);
    await expect(acks).rejects.toThrow(/wrong last sequence/);
    expect((await jsm.streams.info(stream)).state.last_seq).toBe(last + 1);
    publisher.close();
  });

  it('answers a message id seen before as a duplicate, storing nothing', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const again = { ...message(1, last), expectedLastSequence: last };
    const [ack] = await publisher.publish([again]).acks;
    expect(ack.duplicate).toBe(true);
    expect((await jsm.streams.info(stream)).state.last_seq).toBe(last);
    publisher.close();
  });

  it('fails a batch no stream takes', async () => {
    const publisher = new StreamPublisher(nc, stream, 2000);
    const { acks } = publisher.publish([
      { ...message(20, 0), subject: `${nats.prefix}.nowhere.Happened` },
    ]);
    await expect(acks).rejects.toThrow(/did not take the message|no ack/);
    publisher.close();
  });
});
