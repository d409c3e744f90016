import { join } from 'node:path';
import { cityConfigurationSchema, DomainError, TOPICS } from '@city/contracts';
import { readLgslReference } from '@city/platform-catalogue';
import { malmoToOnboard } from '@city/platform-testing';
import { CityProfiles, type CityProfile } from '@city/platform-config';
import { createLogger } from '@city/platform-logging';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import type { WorkflowConfig } from '../../config';
import { routingBookOf } from '../../routing/routing-book.fixture';
import { InMemoryOnboardedCityRepository } from '../in-memory-onboarded-city.repository';
import { ListCitiesUseCase } from '../list-cities/list-cities.usecase';
import { OnboardCityUseCase } from './onboard-city.usecase';

const lgsl = readLgslReference(join(__dirname, '../../../../../catalogue/reference/lgsl-services.csv'));
const profile = (city: string, jurisdiction: string): CityProfile => ({
  city,
  name: city,
  jurisdiction,
  languages: ['en', 'nl', 'sv'],
  compare: false,
});

describe('an administrator of the deployment onboarding a city', () => {
  const setup = () => {
    const clock = new FixedClock(new Date('2026-12-03T10:00:00Z'));
    const cities = new InMemoryOnboardedCityRepository();
    const outbox = new FakeOutbox();
    const config = {
      TENANT_ID: 'default',
      CITIES: ['default', 'other-city'],
      CITIES_DIR: '/nowhere',
      WORKFLOWS_DIR: join(__dirname, '../../../../../catalogue/workflows'),
    } as unknown as WorkflowConfig;
    const profiles = CityProfiles.of([
      profile('default', 'default'),
      profile('other-city', 'goteborg.example'),
    ]);
    // The demo city takes graffiti over from Göteborg alone.
    const routing = routingBookOf({
      default: { takeOver: [{ from: 'other-city', services: ['graffiti'], queue: 'regional-graffiti' }] },
      'other-city': { handOver: [{ services: ['graffiti'], to: 'default' }] },
    });
    const onboard = new OnboardCityUseCase(
      new FakeTransaction(),
      cities,
      outbox,
      profiles,
      routing,
      lgsl,
      config,
      clock,
      createLogger('workflow-service', 'silent'),
    );
    const list = new ListCitiesUseCase(cities, profiles, config);
    return { cities, outbox, onboard, list };
  };
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  };

  it('stores it, publishes its configuration on the city topic, and lists it as waiting for a restart', async () => {
    const { cities, outbox, onboard, list } = setup();
    const c = await onboard.execute({ request: malmoToOnboard(), by: 'admin-1' });
    expect(c).toMatchObject({
      city: 'malmo',
      onboardedBy: 'admin-1',
      onboardedAt: '2026-12-03T10:00:00.000Z',
    });
    expect(c.profile).toEqual({
      name: 'Malmö stad',
      jurisdiction: 'malmo.example',
      languages: ['sv', 'en'],
      country: 'SE',
    });
    expect(c.services.map((s) => s.code)).toContain('pothole');
    expect(cities.rows.get('malmo')).toMatchObject({ jurisdiction: 'malmo.example', onboardedBy: 'admin-1' });

    const [item] = outbox.items;
    expect(item).toMatchObject({ topic: TOPICS.cityConfigurations, key: 'malmo' });
    expect(cityConfigurationSchema.parse(item.event.payload)).toEqual(c);

    expect(await list.execute()).toEqual({
      serving: [
        { city: 'default', name: 'default', jurisdiction: 'default', from: 'files' },
        { city: 'other-city', name: 'other-city', jurisdiction: 'goteborg.example', from: 'files' },
      ],
      onboarded: [
        {
          city: 'malmo',
          name: 'Malmö stad',
          jurisdiction: 'malmo.example',
          services: c.services.length,
          onboardedBy: 'admin-1',
          onboardedAt: '2026-12-03T10:00:00.000Z',
          serving: false,
        },
      ],
    });
  });

  it('refuses, storing and publishing nothing, with every problem by its field', async () => {
    const { cities, outbox, onboard } = setup();
    const good = malmoToOnboard();
    const [first, ...rest] = good.services;
    const e = await refusal(
      onboard.execute({
        request: malmoToOnboard({
          jurisdiction: 'goteborg.example',
          portalUrl: 'not a url',
          services: [
            { ...first, lgslId: 999_999 },
            { ...rest[0], workflow: 'no-such-flow' },
            ...rest.slice(1),
          ],
          routing: {
            ...good.routing,
            rules: [{ id: 'x', when: { services: ['flytipping'] }, then: { queue: 'q' } }],
            sharing: { handOver: [{ services: ['graffiti'], to: 'default' }] },
          },
        }),
        by: 'admin-1',
      }),
    );
    expect(e.code).toBe('city.invalid');
    const fields = e.fields.map((f) => `${f.field}: ${f.reason}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.0\.lgslId: LGSL 999999/),
        expect.stringMatching(/^portalUrl: /),
        "jurisdiction: goteborg.example is other-city's already",
        expect.stringMatching(/^services\.1\.workflow: no workflow no-such-flow \(there are: .*field-report/),
        'routing.sharing.handOver: malmo hands graffiti over to default, which does not take it over',
      ]),
    );
    expect(cities.rows.size).toBe(0);
    expect(outbox.items).toEqual([]);
  });

  it('refuses a routing file that names a service its catalogue does not offer', async () => {
    const { onboard } = setup();
    const good = malmoToOnboard();
    const e = await refusal(
      onboard.execute({
        request: malmoToOnboard({
          routing: {
            ...good.routing,
            rules: [{ id: 'x', when: { services: ['flytipping'] }, then: { queue: 'q' } }],
          },
        }),
        by: 'admin-1',
      }),
    );
    expect(e.fields).toEqual([
      { field: 'routing', reason: 'names service flytipping, which the catalogue does not offer' },
    ]);
  });

  it('onboards a city once (409), and a served city never', async () => {
    const { onboard, outbox } = setup();
    await onboard.execute({ request: malmoToOnboard(), by: 'admin-1' });
    const again = await refusal(
      onboard.execute({ request: malmoToOnboard({ jurisdiction: 'malmo2.example' }), by: 'admin-1' }),
    );
    expect([again.code, again.kind]).toEqual(['city.exists', 'conflict']);
    const served = await refusal(
      onboard.execute({
        request: malmoToOnboard({ city: 'other-city', jurisdiction: 'x.example' }),
        by: 'admin-1',
      }),
    );
    expect(served.code).toBe('city.exists');
    const taken = await refusal(
      onboard.execute({ request: malmoToOnboard({ city: 'lund' }), by: 'admin-1' }),
    );
    expect(taken.fields).toEqual([{ field: 'jurisdiction', reason: "malmo.example is malmo's already" }]);
    expect(outbox.items).toHaveLength(1);
  });
});
