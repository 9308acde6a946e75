import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';
import { captureNestLogs } from './nest-logs';

describe('captureNestLogs', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps every level of every logger, with its context, and prints none of it', async () => {
    const printed = jest.spyOn(process.stdout, 'write');
    const printedErr = jest.spyOn(process.stderr, 'write');
    const logs = captureNestLogs();
    try {
      const logger = new Logger('JetStreamServer');
      logger.warn('dead-lettered bulwark.ledger.Posted #3: amount is not a number');
      logger.error('handler failed', 'Error: boom\n    at x');
      logger.log('started');
      Logger.warn('no context');
      // An application's log levels (NestFactory `logger: ['error']`) do not hide lines.
      Logger.overrideLogger(['error']);
      logger.debug('still kept');
    } finally {
      logs.restore();
    }
    expect(logs.lines).toEqual([
      'WARN [JetStreamServer] dead-lettered bulwark.ledger.Posted #3: amount is not a number',
      'ERROR [JetStreamServer] handler failed\nError: boom\n    at x',
      'LOG [JetStreamServer] started',
      'WARN no context',
      'DEBUG [JetStreamServer] still kept',
    ]);
    expect(logs.messages('warn')).toEqual([
      'dead-lettered bulwark.ledger.Posted #3: amount is not a number',
      'no context',
    ]);
    expect(printed).not.toHaveBeenCalled();
    expect(printedErr).not.toHaveBeenCalled();
  });

  it('restores the logger and levels that were there before, and captures nothing after', () => {
    const seen: string[] = [];
    const own: LoggerService = {
      log: (m: string) => seen.push(`log ${m}`),
      warn: (m: string) => seen.push(`warn ${m}`),
      error: (m: string) => seen.push(`error ${m}`),
    };
    Logger.overrideLogger(own);
    try {
      const logs = captureNestLogs();
      new Logger('A').warn('captured');
      logs.restore();
      logs.restore(); // idempotent
      new Logger('A').warn('after');
      expect(logs.lines).toEqual(['WARN [A] captured']);
      expect(seen).toEqual(['warn after']);
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
  });

  it('puts back "no levels set", so a default logger prints every level again', () => {
    const logs = captureNestLogs();
    Logger.overrideLogger(['error']);
    logs.restore();
    const printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    new Logger('B').debug('printed again');
    expect(printed.mock.calls.map(([chunk]) => String(chunk)).join('')).toContain('printed again');
  });
});
