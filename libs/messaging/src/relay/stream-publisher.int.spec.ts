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

  const message = (n: number): StreamMessage => ({
    subject,
    data: JSON.stringify({ n }),
    msgId: `msg-${nats.prefix}-${n}`,
    headers: { 'Bulwark-Position': `0:${n}` },
  });
  const lastSequence = async () => (await jsm.streams.info(stream)).state.last_seq;

  it('stores a run in order with its headers, and resolves with the last sequence once all of it landed', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const { sent, landed, failure } = publisher.publish([1, 2, 3].map(message), 0);
    expect(sent).toBe(3);
    expect(failure).toBeNull();
    expect(await landed).toBe(3);
    for (const seq of [1, 2, 3]) {
      const stored = await jsm.streams.getMessage(stream, { seq });
      expect(stored?.json()).toEqual({ n: seq });
      expect(stored?.header.get('Nats-Msg-Id')).toBe(`msg-${nats.prefix}-${seq}`);
      expect(stored?.header.get('Bulwark-Position')).toBe(`0:${seq}`);
    }
    // bytes go out as they are
    const bytes = { ...message(4), data: Buffer.from('{"n":4}') };
    expect(await publisher.publish([bytes], 3).landed).toBe(4);
    expect((await jsm.streams.getMessage(stream, { seq: 4 }))?.json()).toEqual({ n: 4 });
    publisher.close();
  });

  it("fails a run that does not start right after the stream's last message, storing none of it", async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = await lastSequence();
    const { landed } = publisher.publish([message(10), message(11)], last - 1);
    await expect(landed).rejects.toThrow(/did not land, or another landed in between/);
    expect(await lastSequence()).toBe(last);
    publisher.close();
  });

  it('fails a run when another message lands in the middle of it: nothing of the run after that lands', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = await lastSequence();
    const { sent, landed } = publisher.publish([20, 21, 22, 23].map(message), last, (i) => {
      // someone else's message, on the same connection so it lands right after run message 21
      if (i === 1) nc.publish(subject, JSON.stringify({ n: 'intruder' }));
    });
    expect(sent).toBe(4);
    await expect(landed).rejects.toThrow(/wrong last msg ID/i);
    expect(await lastSequence()).toBe(last + 3);
    const stored = await Promise.all(
      [1, 2, 3].map(async (i) => (await jsm.streams.getMessage(stream, { seq: last + i }))?.json()),
    );
    expect(stored).toEqual([{ n: 20 }, { n: 21 }, { n: 'intruder' }]);
    publisher.close();
  });

  it('fails a run whose message was stored before (a duplicate), storing nothing', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = await lastSequence();
    const { landed } = publisher.publish([message(1)], last);
    await expect(landed).rejects.toThrow(/as a duplicate/);
    expect(await lastSequence()).toBe(last);
    publisher.close();
  });

  it('fails a run no stream takes', async () => {
    const publisher = new StreamPublisher(nc, stream, 2000);
    const { landed } = publisher.publish(
      [{ ...message(30), subject: `${nats.prefix}.nowhere.Happened` }],
      0,
    );
    await expect(landed).rejects.toThrow(/did not take the message|no ack/);
    publisher.close();
  });

  it('fails at once when the client refuses a message, leaving the rest unsent', async () => {
    const publisher = new StreamPublisher(nc, stream);
    const last = await lastSequence();
    const { sent, landed, failure } = publisher.publish(
      [message(40), { ...message(41), msgId: 'broken\r\nheader' }, message(42)],
      last,
    );
    expect(sent).toBe(1);
    expect(String(failure)).toMatch(/line break/);
    await expect(landed).rejects.toThrow(/refused message 1 of 3/);
    publisher.close();
  });
});
