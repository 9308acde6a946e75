import type { StreamHead } from './chains';

/**
 * The last event of each stream, by context, as this process knows it: a cache in front of
 * the log (the truth), so it holds at most `limit` streams and is forgotten whole past that.
 */
export class StreamHeads {
  private readonly byContext = new Map<string, Map<string, StreamHead>>();
  private count = 0;

  constructor(private readonly limit = 300_000) {}

  get(context: string, stream: string): StreamHead | undefined {
    return this.byContext.get(context)?.get(stream);
  }

  /** Records the heads of `context`'s streams in `heads`. */
  setAll(context: string, heads: Map<string, StreamHead>): void {
    if (this.count > this.limit) this.clear();
    let known = this.byContext.get(context);
    if (!known) this.byContext.set(context, (known = new Map()));
    for (const [stream, head] of heads) {
      if (!known.has(stream)) this.count += 1;
      known.set(stream, head);
    }
  }

  clear(): void {
    this.byContext.clear();
    this.count = 0;
  }
}
