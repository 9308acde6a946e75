import type { JsMsg } from '@nats-io/jetstream';
import { BaseRpcContext } from '@nestjs/microservices';

/** What a handler gets besides the envelope: the raw message, e.g. to call `working()`. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string]> {
  get message(): JsMsg {
    return this.args[0];
  }
  /** The durable consumer's name, also the inbox key. */
  get consumer(): string {
    return this.args[1];
  }
  get deliveryCount(): number {
    return this.message.info.deliveryCount;
  }
}
