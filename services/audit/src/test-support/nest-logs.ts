import { Logger, LoggerService, LogLevel } from '@nestjs/common';

/**
 * What Nest logged while captured. A local stand-in for `captureNestLogs` of
 * `@bulwark/testing` (being written alongside; swap when it lands), with `take()` for the
 * audit's tests: each takes the lines it provoked and asserts them, and every test ends with
 * nothing left, so a green run prints no ERROR or WARN line and hides none it did not expect.
 */
export interface CapturedNestLogs {
  /** Every line, in order: `ERROR [AuditIngestion] roster: 1 integrity incident(s) …`. */
  readonly lines: readonly string[];
  /** The ERROR and WARN lines logged since the last `take()`, now forgotten. */
  take(): string[];
  /** Puts back the logger Nest had before; idempotent. */
  restore(): void;
}

type LoggerState = { logger: LoggerService | undefined; levels: LogLevel[] | undefined };

/** Nest's global logger and levels are protected statics of `Logger`: reached from a subclass. */
class NestLoggerSlot extends Logger {
  static current(): LoggerState {
    return { logger: Logger.staticInstanceRef, levels: Logger.logLevels };
  }
  static put({ logger, levels }: LoggerState): void {
    // Either may have been unset before (no logger or no levels set yet): unset it again.
    if (logger === undefined) delete Logger.staticInstanceRef;
    else Logger.staticInstanceRef = logger;
    if (levels === undefined) delete Logger.logLevels;
    else Logger.logLevels = levels;
  }
}

/** Captures every line Nest logs (whatever levels an app sets) instead of printing it. */
export function captureNestLogs(): CapturedNestLogs {
  const before = NestLoggerSlot.current();
  const lines: string[] = [];
  let alarming: string[] = [];
  const record =
    (level: LogLevel) =>
    (message: unknown, ...params: unknown[]): void => {
      // Logger instances pass their context last; Logger.error passes a stack before it.
      const last = params.at(-1);
      const context = typeof last === 'string' ? (params.pop(), last) : undefined;
      const body = [message, ...params.filter((p) => p !== undefined)].map(text).join('\n');
      const line = `${level.toUpperCase()} ${context === undefined ? '' : `[${context}] `}${body}`;
      lines.push(line);
      if (level === 'error' || level === 'warn' || level === 'fatal') alarming.push(line);
    };
  Logger.overrideLogger({
    log: record('log'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
    fatal: record('fatal'),
    setLogLevels: () => undefined,
  });
  let restored = false;
  return {
    lines,
    take() {
      const taken = alarming;
      alarming = [];
      return taken;
    },
    restore() {
      if (restored) return;
      restored = true;
      NestLoggerSlot.put(before);
    },
  };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  return JSON.stringify(value) ?? String(value);
}
