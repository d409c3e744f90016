import { routePolicies } from '@city/platform-auth';
import { accessFailures, tryAccess } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { startGateway, type Harness } from './gateway.harness';

/**
 * The gateway's staff channels (phone and counter intake) tried over HTTP with real tokens from the
 * real Keycloak: 401 without a token, with an expired one, one changed after signing and one signed
 * by another realm's key; 403 for another city's agent and for a role the route does not allow.
 */
describe('intake-gateway: who may call what (real Keycloak)', () => {
  let gw: Harness;
  beforeAll(async () => {
    gw = await startGateway();
  }, 90_000);
  afterAll(async () => gw?.close());

  it('refuses every caller a staff route does not allow, and lets in those it does', async () => {
    const tries = await tryAccess(gw.url, routePolicies(AppModule.register(gw.config)));
    expect(accessFailures(tries)).toEqual([]);
    expect(tries.filter((t) => t.expected !== 'allowed').length).toBeGreaterThanOrEqual(12);
  }, 60_000);
});
