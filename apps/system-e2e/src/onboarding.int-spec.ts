import {
  asUser,
  malmoToOnboard,
  onboardedCitiesOn,
  SERVICES,
  until,
  type WholeSystem,
} from '@city/platform-testing';
import { BROKERS, postJson, SystemRun } from './system';

/**
 * Onboarding a city is configuration and an admin API, not code (issue 15, docs/multi-tenancy.md):
 * the deployment's administrator onboards Malmö through the workflow-service's API while the demo's
 * two cities run; after a rollout (each service stopped and started again, as `kubectl rollout
 * restart` does), every service serves it: Open311 finds it by its jurisdiction, a citizen's report
 * to its portal becomes its case on its own service level, acknowledged in its language, and
 * followed on its portal and not on another city's.
 */
describe('a city onboarded through the admin API, served by every service after a rollout', () => {
  const run = new SystemRun('onboard', { env: { CITIES: 'default,other-city' } });
  const { prefix, mail } = run;
  let system: WholeSystem;

  beforeAll(async () => {
    system = await run.start();
  }, 240_000);

  afterAll(() => run.stop());

  const open311Services = (jurisdiction = 'malmo.example') =>
    fetch(`${system.url('intake-gateway')}/open311/v2/services.json?jurisdiction_id=${jurisdiction}`);
  const codesOf = async (r: Response) =>
    ((await r.json()) as Array<{ service_code: string }>).map((s) => s.service_code).sort();

  it('is onboarded by API and, after the rollout, taken, routed, acknowledged and followed as Malmö’s', async () => {
    const city = malmoToOnboard();
    // Before: no service knows Malmö.
    expect((await open311Services()).status).toBe(400);

    const onboarded = await postJson(
      `${system.url('workflow-service')}/api/v1/cities`,
      city,
      await asUser('admin-1'),
    );
    expect(onboarded.status).toBe(201);
    await until(
      'Malmö on the city topic',
      () => onboardedCitiesOn(prefix, BROKERS),
      (c) => c.length === 1,
    );

    // The rollout: every service stopped and started again, in the order they start.
    for (const name of SERVICES) await system.restart(name);
    expect(system.unexpectedExits).toEqual([]);

    // Open311 finds Malmö by its jurisdiction, with its catalogue.
    const services = await open311Services();
    expect(services.status).toBe(200);
    // Its catalogue is Göteborg's demo one, so Open311 offers the same services under both jurisdictions.
    const codes = await codesOf(services);
    expect(codes).toEqual(await codesOf(await open311Services('goteborg.example')));
    expect(codes).toContain('pothole');

    // A citizen reports a pothole on Malmö's portal (its server sends X-City).
    const email = `malmo-${Date.now()}@example.org`;
    const res = await postJson(
      `${system.url('intake-gateway')}/api/v1/requests`,
      {
        serviceCode: 'pothole',
        description: 'Ett djupt hål vid busshållplatsen',
        attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'no' },
        location: { lat: 55.6, long: 13.0, address: 'Stortorget 1, Malmö' },
        contact: { email },
        language: 'sv',
      },
      { 'X-City': 'malmo' },
    );
    expect([res.status, res.status === 202 ? null : await res.text()]).toEqual([202, null]);
    const { reference } = (await res.json()) as { reference: string };

    // Acknowledged in her language, with the service's name from Malmö's catalogue, signed by Malmö.
    const pothole = city.services.find((s) => s.code === 'pothole') as { name: { sv: string } };
    const ack = await mail.waitFor((m) => m.to.includes(email) && m.subject.includes(reference), 30_000);
    expect(`${ack.subject}\n${ack.text}`).toContain(pothole.name.sv);
    expect(ack.text).toContain('\n\nMalmö stad\n\n--');

    // Followed on Malmö's portal, with a due time the workflow-service set on Malmö's service level.
    const follow = (c: string) =>
      fetch(`${system.url('case-service')}/api/v1/requests/${reference}?email=${encodeURIComponent(email)}`, {
        headers: { 'X-City': c },
      });
    const seen = await until(
      'the request routed',
      async () => {
        const r = await follow('malmo');
        return r.status === 200 ? ((await r.json()) as { service: string; expectedBy: string | null }) : null;
      },
      (v) => v?.expectedBy != null,
    );
    expect(seen).toMatchObject({ service: 'pothole' });
    // Another city's portal does not find it.
    expect((await follow('other-city')).status).toBe(404);
  }, 300_000);
});
