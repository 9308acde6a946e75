import { createTestNats, type TestNats } from '@bulwark/testing';
import { openApiMismatches } from '@bulwark/runtime';
import { startAuditApp, type AuditApp } from './test-support/audit-app';

/** The OpenAPI document says what each route takes: parameters, headers, body fields. */
describe('audit OpenAPI', () => {
  let nats: TestNats;
  let a: AuditApp;

  beforeAll(async () => {
    nats = await createTestNats('audit_openapi');
    a = await startAuditApp('audit_openapi', nats, []);
  });

  afterAll(async () => {
    await a?.close();
    await nats?.removeStreams();
  });

  it('documents every route as it accepts input', () => {
    expect(openApiMismatches(a.app)).toEqual([]);
  });
});
