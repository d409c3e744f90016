import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createKafka, readOnboardedCities, withOnboardedCities } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { asUser, malmoToOnboard, startServiceUnderTest, until, type DemoUser } from '@city/platform-testing';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig, type WorkflowConfig } from '../src/config';

/**
 * Onboarding a city through the admin API (issue 15, docs/multi-tenancy.md): the deployment's own
 * administrator sends Malmö's profile, catalogue and routing file; it is checked, stored and put on
 * the city topic; a replica started after serves Malmö's catalogue, and the one that took the
 * request says it waits for its restart. Over HTTP with real tokens, Kafka, Postgres and Redis.
 */
describe('workflow-service: onboarding a city through the admin API (real Kafka, Postgres, Redis, Keycloak)', () => {
  const logger = createLogger('test', 'silent');
  let service: { url: string; config: WorkflowConfig; close: () => Promise<void> };
  let later: INestApplication | undefined;

  const call = async (
    url: string,
    who: DemoUser | null,
    method: string,
    path: string,
    body?: unknown,
    city?: string,
  ) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(who ? await asUser(who) : {}),
        ...(city ? { 'x-city': city } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  const onTopic = () =>
    readOnboardedCities(
      createKafka(
        {
          clientId: 'onboarding-test',
          brokers: service.config.KAFKA_BROKERS,
          topicPrefix: service.config.KAFKA_TOPIC_PREFIX,
        },
        logger,
      ),
      logger,
    );

  beforeAll(async () => {
    service = await startServiceUnderTest({
      label: 'wf_onboard',
      load: (env) => loadWorkflowConfig({ ...env, CITIES: 'default,other-city' }),
      create: (c) => createWorkflowService(c),
    });
    await until(
      'ready',
      async () => (await fetch(`${service.url}/health/ready`)).status,
      (s) => s === 200,
    );
  }, 90_000);

  afterAll(async () => {
    await later?.close();
    await service?.close();
  });

  it("is the deployment's own administrators' only", async () => {
    expect((await call(service.url, 'agent-17', 'GET', '/api/v1/cities')).status).toBe(403);
    expect((await call(service.url, 'agent-17', 'POST', '/api/v1/cities', malmoToOnboard())).status).toBe(
      403,
    );
    // Göteborg's administrator runs Göteborg, not the deployment.
    const other = await call(service.url, 'admin-other', 'POST', '/api/v1/cities', malmoToOnboard());
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/deployment's cities/);
    expect((await call(service.url, null, 'GET', '/api/v1/cities')).status).toBe(401);

    const cities = await call(service.url, 'admin-1', 'GET', '/api/v1/cities');
    expect(cities.status).toBe(200);
    expect(cities.body.serving.map((c: { city: string; from: string }) => [c.city, c.from])).toEqual([
      ['default', 'files'],
      ['other-city', 'files'],
    ]);
    expect(cities.body.onboarded).toEqual([]);
  });

  it('refuses a city that does not pass the checks, saying each field, and stores and publishes nothing', async () => {
    const good = malmoToOnboard();
    const r = await call(
      service.url,
      'admin-1',
      'POST',
      '/api/v1/cities',
      malmoToOnboard({
        city: 'lund',
        jurisdiction: 'goteborg.example',
        services: [{ ...good.services[0], lgslId: 999_999 }, ...good.services.slice(1)],
        routing: { ...good.routing, sharing: { handOver: [{ services: ['graffiti'], to: 'default' }] } },
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('city.invalid');
    const said = (r.body.errors as Array<{ field: string; reason: string }>).map(
      (e) => `${e.field}: ${e.reason}`,
    );
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.0\.lgslId: LGSL 999999/),
        "jurisdiction: goteborg.example is other-city's already",
        'routing.sharing.handOver: lund hands graffiti over to default, which does not take it over',
      ]),
    );
    // Not JSON of the shape asked: 400 by field before any check.
    const shape = await call(service.url, 'admin-1', 'POST', '/api/v1/cities', {
      city: 'Malmö',
      services: [],
    });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['city', 'name', 'services', 'routing']),
    );
    expect((await call(service.url, 'admin-1', 'GET', '/api/v1/cities')).body.onboarded).toEqual([]);
    // A NUL character anywhere is refused by its field, not by the database.
    const nul = await call(
      service.url,
      'admin-1',
      'POST',
      '/api/v1/cities',
      malmoToOnboard({ name: 'Malm\u0000' }),
    );
    expect([nul.status, nul.body.errors]).toEqual([
      400,
      [{ field: 'name', reason: 'holds a NUL character' }],
    ]);
  });

  it('onboards a city once: stored, on the city topic, and served by a replica started after', async () => {
    const r = await call(service.url, 'admin-1', 'POST', '/api/v1/cities', malmoToOnboard());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      city: 'malmo',
      services: malmoToOnboard().services.length,
      onboardedBy: expect.any(String),
    });
    expect(r.body.next.join('\n')).toMatch(/restart[\s\S]*tenant attribute malmo[\s\S]*CITY=malmo/);
    const again = await call(
      service.url,
      'admin-1',
      'POST',
      '/api/v1/cities',
      malmoToOnboard({ jurisdiction: 'x.example' }),
    );
    expect([again.status, again.body.code]).toEqual([409, 'city.exists']);

    // The replica that took it serves it from its next start: until then it says so, and refuses the city.
    const listed = await call(service.url, 'admin-1', 'GET', '/api/v1/cities');
    expect(listed.body.onboarded).toEqual([
      expect.objectContaining({
        city: 'malmo',
        name: 'Malmö stad',
        jurisdiction: 'malmo.example',
        serving: false,
      }),
    ]);
    expect(
      (await call(service.url, null, 'GET', '/api/v1/catalogue/services', undefined, 'malmo')).status,
    ).toBe(400);

    // On the topic (through the outbox), whole.
    // Malmö alone: nothing of the city refused before.
    const [stored] = await until('Malmö on the city topic', onTopic, (c) => c.length === 1);
    expect(stored).toMatchObject({ city: 'malmo', profile: { name: 'Malmö stad', country: 'SE' } });

    // A replica started now (same database and topics) serves Malmö as if its files were there.
    const config = await withOnboardedCities(service.config, 'workflow-service', logger);
    expect(config.CITIES).toEqual(['default', 'other-city', 'malmo']);
    expect(readdirSync(join(config.CITIES_DIR, 'malmo')).sort()).toEqual([
      '.onboarded', // marked as written from the city topic
      'city.yaml',
      'routing.yaml',
      'services',
    ]);
    expect(existsSync(join(config.CITIES_DIR, 'other-city', 'routing.yaml'))).toBe(true);
    later = await createWorkflowService(config);
    await later.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(later.getHttpServer().address() as { port: number }).port}`;
    await until(
      'the replica ready',
      async () => (await fetch(`${url}/health/ready`)).status,
      (s) => s === 200,
    );

    const catalogue = await call(url, null, 'GET', '/api/v1/catalogue/services', undefined, 'malmo');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.services.map((s: { code: string }) => s.code).sort()).toEqual(
      malmoToOnboard()
        .services.map((s) => s.code as string)
        .sort(),
    );
    const seen = await call(url, 'admin-1', 'GET', '/api/v1/cities');
    expect(seen.body.serving).toContainEqual({
      city: 'malmo',
      name: 'Malmö stad',
      jurisdiction: 'malmo.example',
      from: 'onboarded',
    });
    expect(seen.body.onboarded[0]).toMatchObject({ city: 'malmo', serving: true });
  }, 90_000);
});
