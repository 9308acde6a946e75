import { openApiMismatches } from '@bulwark/runtime';
import {
  reportingInfrastructure,
  startReportingApp,
  type ReportingApp,
  type TestInfrastructure,
} from './test-support/reporting-app';
import { SettableClock } from './test-support/settable-clock';

/** The OpenAPI document says what each route takes: parameters, headers, body fields. */
describe('reporting OpenAPI', () => {
  let infra: TestInfrastructure;
  let r: ReportingApp;

  beforeAll(async () => {
    infra = await reportingInfrastructure('reporting_openapi');
    r = await startReportingApp(infra, new SettableClock(new Date('2022-04-02T08:00:00Z')));
  });

  afterAll(async () => {
    await r.close();
    await infra.db.drop();
    await infra.nats.removeStreams();
  });

  it('documents every route as it accepts input', () => {
    expect(openApiMismatches(r.app)).toEqual([]);
  });
});
