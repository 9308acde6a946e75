/**
 * Read coalescing, like the event store's group commit for appends: keys asked for by
 * concurrent callers are fetched together, one call per batch, at most `maxInFlight` batches
 * at a time; callers arriving while those run ride the next batch. Under load this turns one
 * round trip per request into one per batch, which is what a busy service can afford.
 */
export class Coalescer<K, V> {
  private pending: {
    key: K;
    resolve: (value: V | undefined) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly fetch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: { maxBatch: number; maxInFlight: number } = {
      maxBatch: 500,
      maxInFlight: 2,
    },
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // After the callers of this turn of the event loop have had their say.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      this.fetch([...new Set(batch.map((p) => p.key))])
        .then(
          (found) => batch.forEach((p) => p.resolve(found.get(p.key))),
          (error) => batch.forEach((p) => p.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          if (this.pending.length > 0) this.schedule();
        });
    }
  }
}
