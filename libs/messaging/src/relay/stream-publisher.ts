import {
  createInbox,
  headers,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** What JetStream answered one publish. */
export interface StreamAck {
  seq: number;
  duplicate: boolean;
}

/** One message for the stream, with the checks JetStream makes before it stores it. */
export interface StreamMessage {
  subject: string;
  data: string;
  /** Nats-Msg-Id: a second publish of the id within the stream's window is a duplicate. */
  msgId: string;
  /** Nats-Expected-Last-Sequence: refused unless the stream's last message has this sequence. */
  expectedLastSequence: number;
  /** Extra headers, e.g. the event's position. */
  headers?: Record<string, string>;
}

interface PendingBatch {
  acks: (StreamAck | undefined)[];
  expected: number;
  received: number;
  error: Error | null;
  timer: NodeJS.Timeout;
  settle: (error: Error | null) => void;
}

/**
 * JetStream publishes as core NATS publishes with a reply subject, every ack read by one
 * subscription. `js.publish` makes each message a request of its own (a muxed reply entry, a
 * timer, a promise, an Error built in advance for its stack, a TextDecoder for the ack), which
 * made it most of the relay's CPU per event. The headers, the server's checks and the acks are
 * the same; a batch's acks are awaited together.
 */
export class StreamPublisher {
  private readonly prefix = createInbox();
  private subscription: Subscription | null = null;
  private readonly batches = new Map<number, PendingBatch>();
  private nextBatch = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly timeoutMs = 5000,
  ) {}

  /**
   * Publishes the messages in order. Returns how many went out (all, unless the connection
   * refused one: then the rest stay unsent) and their acks, in order: resolved once every
   * message sent is acked, rejected once every one has been answered or timed out when
   * JetStream refused any of them.
   */
  publish(
    messages: StreamMessage[],
    afterEach?: (index: number) => void,
  ): { sent: number; acks: Promise<StreamAck[]>; failure: unknown } {
    this.listen();
    const id = this.nextBatch++;
    let settle!: (error: Error | null) => void;
    const acks = new Promise<StreamAck[]>((resolve, reject) => {
      settle = (error) => {
        clearTimeout(batch.timer);
        this.batches.delete(id);
        if (error) reject(error);
        else resolve(batch.acks as StreamAck[]);
      };
    });
    const batch: PendingBatch = {
      acks: new Array<StreamAck | undefined>(messages.length),
      expected: messages.length,
      received: 0,
      error: null,
      timer: setTimeout(
        () =>
          settle(
            batch.error ??
              new Error(`no ack from stream ${this.stream} within ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      ),
      settle,
    };
    this.batches.set(id, batch);
    let sent = 0;
    let failure: unknown = null;
    try {
      for (const m of messages) {
        const h = headers();
        if (m.headers) for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
        h.set('Nats-Msg-Id', m.msgId);
        h.set('Nats-Expected-Stream', this.stream);
        h.set('Nats-Expected-Last-Sequence', String(m.expectedLastSequence));
        this.nc.publish(m.subject, m.data, { reply: `${this.prefix}.${id}.${sent}`, headers: h });
        sent += 1;
        afterEach?.(sent - 1);
      }
    } catch (error) {
      failure = error;
    }
    batch.expected = sent;
    batch.acks.length = sent;
    if (sent === 0) settle(null);
    else if (batch.received >= sent) settle(batch.error);
    return { sent, acks, failure };
  }

  /** Stops reading acks; batches still waiting fail. */
  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    for (const batch of [...this.batches.values()]) batch.settle(new Error('publisher closed'));
  }

  private listen(): void {
    if (this.subscription) return;
    this.subscription = this.nc.subscribe(`${this.prefix}.>`, {
      callback: (error, msg) => {
        if (!error) this.received(msg);
      },
    });
  }

  private received(msg: Msg): void {
    const [batchId, index] = msg.subject
      .slice(this.prefix.length + 1)
      .split('.')
      .map(Number);
    const batch = this.batches.get(batchId);
    if (!batch || batch.acks[index] !== undefined) return;
    let ack: StreamAck;
    try {
      ack = parseAck(msg, this.stream);
    } catch (error) {
      batch.error ??= error as Error;
      ack = { seq: -1, duplicate: false };
    }
    batch.acks[index] = ack;
    batch.received += 1;
    if (batch.received >= batch.expected) batch.settle(batch.error);
  }
}

/** A JetStream publish ack, or the error it carries (a status message: no stream listens). */
function parseAck(msg: Msg, stream: string): StreamAck {
  if (msg.headers?.hasError) {
    throw new Error(
      `stream ${stream} did not take the message: ${msg.headers.code} ${msg.headers.description}`,
    );
  }
  const body = JSON.parse(msg.string()) as {
    stream?: string;
    seq?: number;
    duplicate?: boolean;
    error?: { code: number; err_code?: number; description: string };
  };
  if (body.error) {
    throw new Error(
      `stream ${stream} refused the message: ${body.error.description} (${body.error.err_code ?? body.error.code})`,
    );
  }
  if (body.stream !== stream || typeof body.seq !== 'number') {
    throw new Error(`not an ack of stream ${stream}: ${msg.string()}`);
  }
  return { seq: body.seq, duplicate: body.duplicate === true };
}
