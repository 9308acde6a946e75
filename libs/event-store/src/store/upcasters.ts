import type { RecordedEvent } from '../types';

/** Turns one schema version of an event type's data into the next. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

/**
 * Readers see every event at its newest schema version; the stored row keeps the version it
 * was written with (the hash chain covers the stored form, never the upcast one).
 */
export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }

  apply(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (;;) {
      const next = this.byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!next) return current;
      current = {
        ...current,
        data: next.upcast(current.data),
        schemaVersion: current.schemaVersion + 1,
      };
    }
  }
}
