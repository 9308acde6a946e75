import { Injectable } from '@nestjs/common';
import type { Actor } from '@bulwark/auth';
import { PostgresEventStore, runCommand, type CommandOutcome } from '@bulwark/event-store';
import { decidePing, evolvePing, initialPing } from './ping';

/** Reads the ping's stream, decides, appends: the runtime's store, a pure decider. */
@Injectable()
export class PingCommands {
  constructor(private readonly store: PostgresEventStore) {}

  ping(label: string, actor: Actor, key: string | undefined): Promise<CommandOutcome<null>> {
    return runCommand(this.store, { actor: actor.id, commandId: key }, async (uow) => {
      const stream = `ping-${label}`;
      const state = await uow.fold(stream, initialPing, evolvePing);
      uow.append(stream, decidePing(state, label));
      return null;
    });
  }
}
