/**
 * Retries an assertion until it passes or the time is up, then throws its last failure.
 * For effects that cross a process boundary (relay, consumers, projections).
 */
export async function expectEventually<T>(
  assertion: () => Promise<T> | T,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
