import i18next from 'i18next';
import en from '../../../shared/i18n/locales/en.json';
import nl from '../../../shared/i18n/locales/nl.json';
import type { ParityFinding, ServiceReport, StandardOfServiceReport } from '../ops-types';
import { findingText, summaryText } from './standard-of-service-texts';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, nl: { translation: nl } },
  lng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const tIn = (l: string) => i18n.getFixedT(l);
const code = (c: string) => c;

const finding = (f: Partial<ParityFinding>): ParityFinding => ({
  serviceCode: 'missed-bin',
  channel: 'phone',
  measure: 'within-sla',
  channelValue: 60,
  othersValue: 90,
  sentence: '',
  ...f,
});
const figures = (channel: string | null, volume: number) => ({
  channel,
  volume,
  firstResponseP50Hours: null,
  firstResponseP90Hours: null,
  resolutionP50Hours: null,
  resolutionP90Hours: null,
  withinSlaPercent: null,
  reopenPercent: null,
  duplicatePercent: null,
  satisfactionMean: null,
  satisfactionAnswers: 0,
});
const service = (
  serviceCode: string,
  volumes: Record<string, number>,
  findings: ParityFinding[] = [],
): ServiceReport => ({
  serviceCode,
  lgslId: 524,
  all: figures(
    null,
    Object.values(volumes).reduce((a, b) => a + b, 0),
  ),
  channels: Object.entries(volumes).map(([c, v]) => figures(c, v)),
  findings,
});
const report = (services: ServiceReport[]): StandardOfServiceReport => ({
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  margin: 10,
  minCases: 5,
  services,
  findings: services.flatMap((s) => s.findings),
  summary: '',
});

describe("the standard-of-service report's sentences in the person's language", () => {
  it("in English, the ops-monitor's own words (its tests' sentences, word for word)", () => {
    const t = tIn('en');
    expect(findingText(finding({}), t, code, 'en')).toBe(
      'missed-bin: requests made by phone were resolved within the service level 60 % of the time, against 90 % on the other channels.',
    );
    expect(findingText(finding({ channelValue: 40, othersValue: 100 }), t, code, 'en')).toBe(
      'missed-bin: requests made by phone were resolved within the service level 40 % of the time, against 100 % on the other channels.',
    );
    expect(
      findingText(finding({ measure: 'satisfaction', channelValue: 2.8, othersValue: 4.2 }), t, code, 'en'),
    ).toBe(
      'missed-bin: citizens who asked by phone rated the handling 2.8 out of 5, against 4.2 on the other channels.',
    );
    expect(
      findingText(
        finding({ measure: 'reopen', channel: 'kiosk', channelValue: 33.3, othersValue: 5 }),
        t,
        code,
        'en',
      ),
    ).toBe(
      'missed-bin: 33.3 % of the requests made at a kiosk were reopened, against 5 % on the other channels.',
    );
    expect(
      findingText(finding({ measure: 'resolution-time', channelValue: 40, othersValue: 24 }), t, code, 'en'),
    ).toBe(
      'missed-bin: requests made by phone took 40 hours to resolve (median), against 24 hours for the service on every channel.',
    );
  });

  it("in Dutch, with the catalogue's name of the service and Dutch decimals", () => {
    const name = (c: string) => (c === 'missed-bin' ? 'Container niet geleegd' : c);
    expect(findingText(finding({ channelValue: 62.5 }), tIn('nl'), name, 'nl')).toBe(
      'Container niet geleegd: aanvragen die telefonisch zijn gedaan, werden in 62,5% van de gevallen binnen de servicenorm afgehandeld, tegen 90% op de andere kanalen.',
    );
  });

  it('a measure the console does not know yet: the service’s own sentence', () => {
    const f = finding({ measure: 'cost' as never, sentence: 'missed-bin: something new.' });
    expect(findingText(f, tIn('en'), code, 'en')).toBe('missed-bin: something new.');
  });

  it('the summary: one standard, counted as the service counts (a channel needs enough requests)', () => {
    const t = tIn('en');
    const two = report([
      service('missed-bin', { web: 10, phone: 10 }),
      service('pothole', { web: 6, counter: 6 }),
    ]);
    expect(summaryText(two, t, 'en')).toBe(
      'One standard on every channel: of the 2 services with enough requests on more than one channel, none does worse on one channel than on the others by more than 10 points.',
    );
    const one = report([
      service('missed-bin', { web: 10, phone: 10 }),
      service('pothole', { web: 6, counter: 4 }),
    ]);
    expect(summaryText(one, t, 'en')).toMatch(/^One standard on every channel: the one service/);
    expect(summaryText(report([service('pothole', { web: 6 })]), t, 'en')).toMatch(/^No service had enough/);
  });

  it('the summary with findings: how many service and channel pairs, each counted once', () => {
    const bins = service('missed-bin', { web: 10, phone: 10 }, [
      finding({}),
      finding({ measure: 'satisfaction' }),
    ]);
    expect(summaryText(report([bins]), tIn('en'), 'en')).toBe(
      '1 service and channel pair does worse than the same service’s other channels by more than 10 points; see the findings.',
    );
    const more = service('pothole', { web: 10, kiosk: 10 }, [
      finding({ serviceCode: 'pothole', channel: 'kiosk' }),
    ]);
    expect(summaryText(report([bins, more]), tIn('en'), 'en')).toBe(
      "2 service and channel pairs do worse than the same service's other channels by more than 10 points; see the findings.",
    );
  });
});
