import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryCatalogue } from '@city/platform-testing';
import { reportsHazard } from './case-facts';
import { escalationQueue, loadRoutingConfig, routingQueues } from './routing-config';

describe("each city's own routing file in the repository (cities/<city>/routing.yaml)", () => {
  const own = readdirSync('cities').filter((c) => existsSync(join('cities', c, 'routing.yaml')));

  it.each(own)('%s: valid, and every queue it names escalates somewhere', (city) => {
    const c = loadRoutingConfig(join('cities', city, 'routing.yaml'));
    for (const q of routingQueues(c)) expect(escalationQueue(c, q)).toEqual(expect.any(String));
    expect(c.calendar.id).not.toBe(loadRoutingConfig('catalogue/routing.yaml').calendar.id);
  });
});

describe("every city's routing names only services its catalogue offers", () => {
  const offered = (dir: string) =>
    new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.replace(/\.yaml$/, '')),
    );
  const named = (file: string) => {
    const c = loadRoutingConfig(file);
    return [
      ...c.rules.flatMap((r) => r.when.services ?? []),
      ...(c.counters?.queues.flatMap((q) => q.services) ?? []),
      ...c.sharing.handOver.flatMap((h) => h.services),
    ];
  };
  it.each([
    ['the deployment', 'catalogue/routing.yaml', 'catalogue/services'],
    ...readdirSync('cities')
      .filter((c) => existsSync(join('cities', c, 'routing.yaml')))
      .map((c) => [
        c,
        join('cities', c, 'routing.yaml'),
        existsSync(join('cities', c, 'services')) ? join('cities', c, 'services') : 'catalogue/services',
      ]),
  ])('%s', (_, routing, services) => {
    const have = offered(services);
    expect(named(routing).filter((code) => !have.has(code))).toEqual([]);
  });
});

describe("the city's routing file", () => {
  it('catalogue/routing.yaml is valid, and every queue it names escalates somewhere', () => {
    const c = loadRoutingConfig('catalogue/routing.yaml');
    expect(c.calendar).toMatchObject({ id: 'rotterdam-office-hours', timeZone: 'Europe/Amsterdam' });
    expect(c.calendar.week[1]).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(c.calendar.week[6]).toBeUndefined();
    expect(escalationQueue(c, 'highways-north')).toBe('highways-supervisors');
    expect(escalationQueue(c, 'parking')).toBe('supervisors');
  });

  it("names its work queues: the rules', both ends of the escalations and the one it takes another city's service into, not the counters'", () => {
    expect(routingQueues(loadRoutingConfig('catalogue/routing.yaml')).sort()).toEqual([
      'cleansing',
      'cleansing-supervisors',
      'hazardous-waste',
      'highways',
      'highways-north',
      'highways-south',
      'highways-supervisors',
      'regional-graffiti',
      'supervisors',
    ]);
  });

  it('reports the problems of a bad file with where they are: its shape first, then its meaning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routing-'));
    const write = (lines: string[]) => {
      const file = join(dir, `${Math.random()}.yaml`);
      writeFileSync(file, lines.join('\n'));
      return file;
    };
    const shape = write([
      'calendar: { id: x, timeZone: Europe/Amsterdam, week: { "1": [{ start: "08:00", end: "17:00" }] } }',
      'escalation: { default: supervisors }',
      'rules:',
      '  - { id: r1, when: {}, then: { priority: 7 } }',
      '  - { id: r2, when: { channel: [web] }, then: {} }',
    ]);
    expect(() => loadRoutingConfig(shape)).toThrow(/rules.0.then.priority: [\s\S]*rules.1.when: /);
    const meaning = write([
      'calendar: { id: x, timeZone: Mars/Olympus, week: { "1": [{ start: "17:00", end: "09:00" }] } }',
      'escalation: { default: supervisors }',
      'rules:',
      '  - { id: r1, when: { areas: [atlantis] }, then: { queue: q } }',
      '  - { id: r1, when: {}, then: { priority: 1 } }',
    ]);
    expect(() => loadRoutingConfig(meaning)).toThrow(
      /calendar: timeZone: Mars\/Olympus is not an IANA time zone[\s\S]*17:00-09:00 ends before it starts[\s\S]*rules.0.when.areas: no area atlantis[\s\S]*rules: rule ids must be unique/,
    );
  });
});

describe('safety hazards', () => {
  const services = repositoryCatalogue();
  const pothole = services.find((s) => s.code === 'pothole')!;
  const flytipping = services.find((s) => s.code === 'flytipping')!;

  it('are the attribute values the catalogue marks as a hazard, single or among several', () => {
    expect(reportsHazard(pothole, { hazard: 'yes', depth: 'deep' })).toBe(true);
    expect(reportsHazard(pothole, { hazard: 'no', depth: 'deep' })).toBe(false);
    expect(reportsHazard(flytipping, { 'waste-type': ['tyres', 'asbestos'] })).toBe(true);
    expect(reportsHazard(flytipping, { 'waste-type': ['tyres'] })).toBe(false);
    expect(reportsHazard(flytipping, {})).toBe(false);
  });
});
