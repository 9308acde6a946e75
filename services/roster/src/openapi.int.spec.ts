import { openApiMismatches } from '@bulwark/runtime';
import { startRosterApp, type RosterApp } from './test-support/roster-app';

/** The OpenAPI document says what each route takes: parameters, headers, body fields. */
describe('roster OpenAPI', () => {
  let r: RosterApp;

  beforeAll(async () => {
    r = await startRosterApp('roster_openapi');
  });

  afterAll(async () => {
    await r.close();
  });

  it('documents every route as it accepts input', () => {
    expect(openApiMismatches(r.app)).toEqual([]);
  });
});
