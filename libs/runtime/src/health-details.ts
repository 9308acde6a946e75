/** What a service adds to `/health` beyond PostgreSQL, NATS and its relay. */
export interface HealthDetails {
  /**
   * Extra fields of the health body. `status: 'down'` makes `/health` answer 503;
   * `status: 'degraded'` keeps 200 (the process works, something needs a person's eyes).
   */
  health(): Promise<{ status: 'up' | 'degraded' | 'down'; [key: string]: unknown }>;
}

export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');
