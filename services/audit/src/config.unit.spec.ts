import { auditConfigFromEnv, parseContexts } from './config';

describe('audit configuration', () => {
  it('audits every context by default; new contexts come from AUDIT_CONTEXTS', () => {
    expect(parseContexts(undefined)).toEqual([
      'roster',
      'reporting',
      'isolation',
      'meals',
      'volunteers',
    ]);
    expect(parseContexts('roster, reporting,roster canteen')).toEqual([
      'roster',
      'reporting',
      'canteen',
    ]);
    expect(() => parseContexts('Roster')).toThrow(/not a context name/);
    expect(() => parseContexts('audit')).toThrow(/does not audit itself/);
  });

  it('reads its settings, the audit database first', () => {
    const config = auditConfigFromEnv({
      DATABASE_URL: 'postgres://other',
      AUDIT_DATABASE_URL: 'postgres://audit',
      AUDIT_BATCH_SIZE: '500',
      AUDIT_INGEST: 'off',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://audit',
      port: 3006,
      batchSize: 500,
      ingest: false,
      consumer: 'audit',
    });
    expect(() => auditConfigFromEnv({ DATABASE_URL: 'x', AUDIT_BATCH_SIZE: '0' })).toThrow(
      /AUDIT_BATCH_SIZE/,
    );
  });
});
