import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@bulwark/auth';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Pool } from 'pg';
import { HEALTH_DETAILS, type HealthDetails } from './health-details';
import { JETSTREAM_MANAGER, PG_POOL, SERVICE_CONTEXT } from './tokens';
import { Outbox } from './outbox';

/**
 * Liveness for ops and compose health checks: PostgreSQL and JetStream both answer; with the
 * event-store part, whether this process's relay is the active one.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(SERVICE_CONTEXT) private readonly context: string,
    @Optional() private readonly outbox?: Outbox,
    @Optional() @Inject(HEALTH_DETAILS) private readonly details?: HealthDetails,
  ) {}

  @Public()
  @Get()
  async health() {
    const [postgres, nats] = await Promise.all([
      this.pool.query('SELECT 1').then(
        () => ({ status: 'up' }),
        (e: Error) => ({ status: 'down', error: e.message }),
      ),
      this.jsm.getAccountInfo().then(
        () => ({ status: 'up' }),
        (e: Error) => ({ status: 'down', error: e.message }),
      ),
    ]);
    const extra = this.details
      ? await this.details
          .health()
          .catch((e: Error) => ({ status: 'down' as const, error: e.message }))
      : null;
    const { status: extraStatus, ...extraFields } = extra ?? { status: 'up' as const };
    const base = postgres.status === 'up' && nats.status === 'up' ? 'up' : 'down';
    const body = {
      service: this.context,
      status: base === 'down' || extraStatus === 'down' ? 'down' : extraStatus,
      postgres,
      nats,
      ...(this.outbox ? { relay: { active: this.outbox.relay.active } } : {}),
      ...extraFields,
    };
    if (body.status === 'down') throw new ServiceUnavailableException(body);
    return body;
  }
}
