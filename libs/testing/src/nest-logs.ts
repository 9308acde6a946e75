import { Logger, LoggerService, LogLevel } from '@nestjs/common';

/** What `captureNestLogs` caught, and the way back to the logger that was there before. */
export interface CapturedNestLogs {
  /** One line per call, in order: `WARN [JetStreamServer] dead-lettered …`. */
  readonly lines: readonly string[];
  /** The lines at one level (`'warn'`, `'error'`, …), without the level and context. */
  messages(level: LogLevel): string[];
  /**
   * The ERROR, WARN and FATAL lines logged since the last `take()`, now forgotten: a test takes
   * the lines it provoked and asserts them, and ends with nothing left, so it hides no line
   * it did not expect.
   */
  take(): string[];
  /** Puts back the logger (and log levels) Nest had before; idempotent. */
  restore(): void;
}

type LoggerState = { logger: LoggerService | undefined; levels: LogLevel[] | undefined };

/**
 * The logger Nest's `Logger` instances write to, and its levels: protected statics of
 * `Logger`, reachable from a subclass. Never instantiated (Nest refuses a `Logger` subclass
 * as the global logger); `put` writes the base class's fields, as `overrideLogger` does,
 * because the public API cannot set the levels back to "none set".
 */
class NestLoggerSlot extends Logger {
  static current(): LoggerState {
    return { logger: Logger.staticInstanceRef, levels: Logger.logLevels };
  }
  static put(state: LoggerState): void {
    // "None set" is an absent field, not an undefined one (exactOptionalPropertyTypes).
    if (state.logger === undefined) delete Logger.staticInstanceRef;
    else Logger.staticInstanceRef = state.logger;
    if (state.levels === undefined) delete Logger.logLevels;
    else Logger.logLevels = state.levels;
  }
}

/**
 * Captures everything Nest logs (every `new Logger(context)` and the framework's own lines)
 * instead of printing it, until `restore()`. For tests that provoke warnings on purpose (a
 * dead-lettered message, an integrity incident): they assert the lines rather than print
 * them, so a green run prints nothing that looks like trouble. Every level is captured,
 * whatever log levels an application sets. Restore in `finally` or `afterEach`.
 */
export function captureNestLogs(): CapturedNestLogs {
  const before = NestLoggerSlot.current();
  const entries: { level: LogLevel; line: string; message: string }[] = [];
  const lines: string[] = [];
  let alarming: string[] = [];
  const record =
    (level: LogLevel) =>
    (message: unknown, ...params: unknown[]): void => {
      // Logger instances pass their context last; Logger.error passes a stack before it.
      const context =
        params.length > 0 && typeof params[params.length - 1] === 'string'
          ? (params.pop() as string)
          : undefined;
      const extra = params.filter((p) => p !== undefined).map(text);
      const body = [text(message), ...extra].join('\n');
      const line = `${level.toUpperCase()} ${context ? `[${context}] ` : ''}${body}`;
      entries.push({ level, line, message: body });
      lines.push(line);
      if (level === 'error' || level === 'warn' || level === 'fatal') alarming.push(line);
    };
  const capture: LoggerService = {
    log: record('log'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
    fatal: record('fatal'),
    // An application's `logger: ['error', 'warn']` sets levels here: every line is kept anyway.
    setLogLevels: () => undefined,
  };
  Logger.overrideLogger(capture);
  let restored = false;
  return {
    lines,
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.message),
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
