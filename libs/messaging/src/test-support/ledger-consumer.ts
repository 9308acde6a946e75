// A consuming service in miniature, for the consumer tests: a Nest microservice on the
// JetStream transport whose handler applies an effect once per event. Runs in-process or,
// for crash tests, as its own process (main below).
import 'reflect-metadata';
import { Controller, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';
import type { BulwarkCloudEvent } from '../envelope/cloud-event';
import { ConsumerErrors } from '../consumer/consumer-errors.filter';
import { applyOnce } from '../consumer/inbox';
import { JetStreamContext } from '../consumer/jetstream-context';
import { JetStreamServer } from '../consumer/jetstream-server';
import { PoisonMessage } from '../consumer/poison-message';

export const ledgerDb: { pool: Pool | null } = { pool: null };

type Posted = { mode: 'ok' | 'flaky' | 'poison' | 'always-fail' };

@Controller()
@UseFilters(new ConsumerErrors())
class LedgerController {
  @EventPattern('bulwark.ledger.Posted')
  async posted(
    @Payload() event: BulwarkCloudEvent<Posted>,
    @Ctx() ctx: JetStreamContext,
  ): Promise<void> {
    const pool = ledgerDb.pool!;
    await pool.query('INSERT INTO ledger_attempts (event_id, delivery) VALUES ($1, $2)', [
      event.id,
      ctx.deliveryCount,
    ]);
    if (event.data.mode === 'poison') throw new PoisonMessage('amount is not a number');
    if (event.data.mode === 'always-fail') throw new Error('canteen system down');
    if (event.data.mode === 'flaky' && ctx.deliveryCount < 3) throw new Error('database hiccup');
    await applyOnce(pool, ctx.consumer, event, async (tx) => {
      await tx.query('INSERT INTO ledger_effects (event_id) VALUES ($1)', [event.id]);
    });
  }
}

@Module({ controllers: [LedgerController] })
class LedgerModule {}

export async function startLedgerConsumer(
  databaseUrl: string,
  natsUrl: string,
  prefix: string,
  ackWaitMs = 30_000,
) {
  ledgerDb.pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const app = await NestFactory.createMicroservice(LedgerModule, {
    strategy: new JetStreamServer({
      servers: natsUrl,
      ns: { prefix },
      service: 'ledgerkeeper',
      maxDeliver: 4,
      redeliveryDelaysMs: [200],
      ackWaitMs,
    }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  return {
    async close() {
      await app.close();
      await ledgerDb.pool?.end();
    },
  };
}

if (require.main === module) {
  void startLedgerConsumer(
    process.env.DATABASE_URL!,
    process.env.NATS_URL!,
    process.env.NATS_PREFIX!,
  );
}
