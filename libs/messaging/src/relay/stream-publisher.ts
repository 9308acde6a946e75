import {
  createInbox,
  MsgHdrsImpl,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** What JetStream answered one publish. */
export interface StreamAck {
  seq: number;
  duplicate: boolean;
}

/** One message for the stream. */
export interface StreamMessage {
  subject: string;
  /** The payload: text, or bytes as they go on the wire (no copy made here). */
  data: string | Uint8Array;
  /** Nats-Msg-Id: a second publish of the id within the stream's window is a duplicate. */
  msgId: string;
  /** Extra headers, e.g. the event's position. */
  headers?: Record<string, string>;
}

interface PendingRun {
  /** The stream sequence the run's last message must get. */
  lastSequence: number;
  timer: NodeJS.Timeout;
  settle: (error: Error | null) => void;
}

/**
 * Publishes runs of messages to one JetStream stream, each message landing right after the one
 * before it, and learns from one ack whether all of them did.
 *
 * The first message of a run expects the stream's last sequence (`Nats-Expected-Last-Sequence`),
 * every later one expects the message before it to be the stream's last
 * (`Nats-Expected-Last-Msg-Id`). JetStream refuses a message whose expectation fails, so a
 * message lands only if every message before it in the run landed, consecutively, with nothing
 * else in between: when the last one lands at `expected + n`, all n are in the stream, in order,
 * once. Only the last carries a reply subject; the others are core publishes JetStream answers
 * nobody. An ack per message (as `js.publish` and a plain pipelined publisher have) was half of
 * nats-server's CPU per message and a third of ours, for nothing the last ack does not tell.
 */
export class StreamPublisher {
  private readonly prefix = createInbox();
  private subscription: Subscription | null = null;
  private readonly runs = new Map<number, PendingRun>();
  private nextRun = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly timeoutMs = 5000,
  ) {}

  /**
   * Publishes the messages in order, the first expecting the stream's last sequence to be
   * `expectedLastSequence`. Returns how many went out (all, unless the connection refused one:
   * then the rest stay unsent, and `failure` is why) and `landed`: the last message's stream
   * sequence once the stream holds the whole run; rejected when it does not, or when the
   * client refused a message (then what was sent can only be learnt from the stream).
   */
  publish(
    messages: StreamMessage[],
    expectedLastSequence: number,
    afterEach?: (index: number) => void,
  ): { sent: number; landed: Promise<number>; failure: unknown } {
    this.listen();
    const id = this.nextRun++;
    const lastSequence = expectedLastSequence + messages.length;
    let settle!: (error: Error | null) => void;
    const landed = new Promise<number>((resolve, reject) => {
      settle = (error) => {
        clearTimeout(run.timer);
        this.runs.delete(id);
        if (error) reject(error);
        else resolve(lastSequence);
      };
    });
    const run: PendingRun = {
      lastSequence,
      timer: setTimeout(
        () => settle(new Error(`no ack from stream ${this.stream} within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      ),
      settle,
    };
    this.runs.set(id, run);
    let sent = 0;
    let failure: unknown = null;
    try {
      let previousId: string | null = null;
      for (const m of messages) {
        const expectation =
          previousId === null
            ? `Nats-Expected-Last-Sequence: ${expectedLastSequence}`
            : `Nats-Expected-Last-Msg-Id: ${previousId}`;
        const headers = new EncodedHeaders(
          `NATS/1.0\r\nNats-Msg-Id: ${headerValue(m.msgId)}\r\n${expectation}` +
            `${extraHeaders(m.headers)}\r\n\r\n`,
        );
        const last = sent === messages.length - 1;
        this.nc.publish(
          m.subject,
          m.data,
          last ? { reply: `${this.prefix}.${id}`, headers } : { headers },
        );
        previousId = m.msgId;
        sent += 1;
        afterEach?.(sent - 1);
      }
    } catch (error) {
      failure = error;
    }
    if (sent === 0) settle(null);
    else if (sent < messages.length) {
      settle(new Error(`the client refused message ${sent} of ${messages.length}: ${failure}`));
    }
    return { sent, landed, failure };
  }

  /** Stops reading acks; runs still waiting fail. */
  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    for (const run of [...this.runs.values()]) run.settle(new Error('publisher closed'));
  }

  private listen(): void {
    if (this.subscription) return;
    this.subscription = this.nc.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) => {
        if (!error) this.received(msg);
      },
    });
  }

  private received(msg: Msg): void {
    const run = this.runs.get(Number(msg.subject.slice(this.prefix.length + 1)));
    if (!run) return;
    let ack: StreamAck;
    try {
      ack = parseAck(msg, this.stream);
    } catch (error) {
      run.settle(
        new Error(
          `${(error as Error).message}: a message of the run did not land, or another landed in between`,
        ),
      );
      return;
    }
    if (ack.duplicate || ack.seq !== run.lastSequence) {
      run.settle(
        new Error(
          `stream ${this.stream} out of step: the run's last message got seq ${ack.seq}` +
            `${ack.duplicate ? ' as a duplicate' : ''}, expected ${run.lastSequence}`,
        ),
      );
      return;
    }
    run.settle(null);
  }
}

/**
 * Headers written once, as the wire has them (`NATS/1.0`, a `Name: value` line each, a blank
 * line): publishing calls only `encode()`. Building them through `headers()` (a Map of arrays,
 * each name and value checked and trimmed, then rendered and encoded on publish) cost more
 * than the rest of a publish.
 */
class EncodedHeaders extends MsgHdrsImpl {
  private readonly bytes: Uint8Array;

  constructor(block: string) {
    super();
    this.bytes = Buffer.from(block);
  }

  override encode(): Uint8Array {
    return this.bytes;
  }
}

/** `\r\nName: value` for each extra header. */
function extraHeaders(extra: Record<string, string> | undefined): string {
  let lines = '';
  if (extra) {
    for (const [name, value] of Object.entries(extra))
      lines += `\r\n${headerName(name)}: ${headerValue(value)}`;
  }
  return lines;
}

/** A line break in a header would end it and start another: refused, as `headers()` does. */
function headerValue(value: string): string {
  if (/[\r\n]/.test(value))
    throw new Error(`header value ${JSON.stringify(value)} has a line break`);
  return value;
}

function headerName(name: string): string {
  if (!/^[!-9;-~]+$/.test(name))
    throw new Error(`header name ${JSON.stringify(name)} is not a token`);
  return name;
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
