import { areaOf, insidePolygon, type Area } from './areas';
import { route, type CaseFacts, type RoutingRule } from './routing';

/** Two districts of a small city: north and south of latitude 51.92. */
const areas: Area[] = [
  {
    id: 'north',
    name: 'Noord',
    polygon: [
      [51.92, 4.4],
      [52.0, 4.4],
      [52.0, 4.6],
      [51.92, 4.6],
    ],
  },
  {
    id: 'south',
    name: 'Zuid',
    polygon: [
      [51.85, 4.4],
      [51.92, 4.4],
      [51.92, 4.6],
      [51.85, 4.6],
    ],
  },
];
const rules: RoutingRule[] = [
  {
    id: 'hazard-on-roads',
    when: { services: ['pothole', 'street-lighting'], hazard: true },
    then: { priority: 1 },
  },
  {
    id: 'highways-north',
    when: { services: ['pothole'], areas: ['north'] },
    then: { queue: 'highways-north' },
  },
  {
    id: 'highways-south',
    when: { services: ['pothole'], areas: ['south'] },
    then: { queue: 'highways-south' },
  },
  { id: 'support-needs', when: { supportNeeds: true }, then: { priority: 2, skills: ['assisted-contact'] } },
  { id: 'dutch-speakers', when: { languages: ['nl'] }, then: { skills: ['nl'] } },
  {
    id: 'asbestos',
    when: { services: ['flytipping'], attributes: { 'waste-type': ['asbestos'] } },
    then: { queue: 'hazardous-waste', priority: 1, skills: ['hazmat'] },
  },
];
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  serviceCode: 'pothole',
  defaultQueue: 'highways',
  channel: 'web',
  location: { lat: 51.95, long: 4.5 },
  attributes: { depth: 'deep' },
  hazard: false,
  supportNeeds: false,
  language: 'en',
  ...over,
});

describe('areas', () => {
  it('finds the district a point lies in, and none outside the city or without a location', () => {
    expect(insidePolygon({ lat: 51.95, long: 4.5 }, areas[0].polygon)).toBe(true);
    expect(areaOf({ lat: 51.88, long: 4.5 }, areas)?.id).toBe('south');
    expect(areaOf({ lat: 40, long: 4.5 }, areas)).toBeNull();
    expect(areaOf(null, areas)).toBeNull();
    expect(areaOf({ lat: null, long: null }, areas)).toBeNull();
  });
});

describe('route', () => {
  it('sends a case to the queue of its service and area', () => {
    expect(route(facts(), rules, areas)).toMatchObject({
      queue: 'highways-north',
      priority: 3,
      rule: 'highways-north',
      area: 'north',
      skills: [],
    });
    expect(route(facts({ location: { lat: 51.88, long: 4.5 } }), rules, areas)).toMatchObject({
      queue: 'highways-south',
      area: 'south',
    });
  });

  it("falls back to the service's default queue when no rule chooses one", () => {
    expect(route(facts({ location: null }), rules, areas)).toMatchObject({
      queue: 'highways',
      rule: 'default',
      area: null,
    });
    expect(
      route(facts({ serviceCode: 'noise', defaultQueue: 'environmental-health' }), rules, areas),
    ).toMatchObject({ queue: 'environmental-health', priority: 3 });
  });

  it('raises the priority for a safety hazard and for support needs; the most urgent wins', () => {
    expect(route(facts({ hazard: true }), rules, areas)).toMatchObject({
      priority: 1,
      queue: 'highways-north',
      matched: ['hazard-on-roads', 'highways-north'],
    });
    expect(route(facts({ supportNeeds: true }), rules, areas)).toMatchObject({
      priority: 2,
      skills: ['assisted-contact'],
    });
    expect(route(facts({ supportNeeds: true, hazard: true }), rules, areas).priority).toBe(1);
  });

  it('requires the skills and languages of every matching rule together', () => {
    expect(route(facts({ supportNeeds: true, language: 'nl' }), rules, areas).skills).toEqual([
      'assisted-contact',
      'nl',
    ]);
  });

  it('matches attribute values, single or multiple', () => {
    const flytip = (waste: string[]) =>
      facts({ serviceCode: 'flytipping', defaultQueue: 'cleansing', attributes: { 'waste-type': waste } });
    expect(route(flytip(['tyres', 'asbestos']), rules, areas)).toMatchObject({
      queue: 'hazardous-waste',
      priority: 1,
      skills: ['hazmat'],
      rule: 'asbestos',
    });
    expect(route(flytip(['tyres']), rules, areas)).toMatchObject({
      queue: 'cleansing',
      priority: 3,
      rule: 'default',
    });
  });

  it('treats every channel the same: the same facts route the same way from any channel', () => {
    const decisions = ['web', 'phone', 'kiosk', 'counter'].map((channel) =>
      route(facts({ channel, hazard: true }), rules, areas),
    );
    expect(new Set(decisions.map((d) => JSON.stringify(d))).size).toBe(1);
  });
});
