import type { SelfAssessment, StandardOfServiceReport } from '@city/contracts';

/** One city's figures for one service of the national list (LGSL id), in the period. */
export interface CityFigures {
  /** The city's services under that LGSL id (its catalogue's codes). */
  services: string[];
  requests: number;
  /** Offered on the web. */
  online: boolean;
  /** Percent of its requests made on the web; null without requests. */
  digitalTakeUpPercent: number | null;
  /** Percent resolved within the city's own service level; null without any resolved with a target. */
  withinSlaPercent: number | null;
  /** The median hours to resolution and the mean satisfaction (1-5) on every channel, of its busiest service. */
  resolutionP50Hours: number | null;
  satisfactionMean: number | null;
  /** Channels doing worse than the same service's others (the standard-of-service findings). */
  channelFindings: number;
}

export interface ComparisonRow {
  lgslId: number;
  lgslName: string | null;
  /** Each comparing city's figures, null where it does not offer that service. */
  cities: Record<string, CityFigures | null>;
}

export interface CityComparison {
  from: string;
  to: string;
  /** The cities that agreed to compare (city.yaml `compare: true`), in the order of CITIES. */
  cities: Array<{ city: string; name: string }>;
  rows: ComparisonRow[];
}

/** What one comparing city's reports say, for `compareCities`. */
export interface CityReports {
  city: string;
  name: string;
  assessment: SelfAssessment;
  standard: StandardOfServiceReport;
}

/**
 * Services compared between cities by the national service list (LGSL id): for each LGSL id any
 * comparing city offers, each city's self-assessment figures (online, digital take-up, within its
 * service level) beside its standard-of-service figures (time to resolution and satisfaction on
 * every channel, of its busiest service under that id; channels doing worse than the others).
 * Each city is measured against its own service levels and calendar: the comparison says how each
 * keeps its own promises, not whose promises are tighter.
 */
export function compareCities(reports: CityReports[], o: { from: string; to: string }): CityComparison {
  const names = new Map<number, string | null>();
  for (const r of reports) for (const row of r.assessment.rows) names.set(row.lgslId, row.lgslName);
  const rows = [...names.keys()]
    .sort((a, b) => a - b)
    .map((lgslId): ComparisonRow => ({
      lgslId,
      lgslName: names.get(lgslId) ?? null,
      cities: Object.fromEntries(reports.map((r) => [r.city, figuresOf(r, lgslId)])),
    }));
  return { from: o.from, to: o.to, cities: reports.map((r) => ({ city: r.city, name: r.name })), rows };
}

function figuresOf(r: CityReports, lgslId: number): CityFigures | null {
  const row = r.assessment.rows.find((x) => x.lgslId === lgslId);
  if (!row || row.services.length === 0) return null;
  const services = r.standard.services.filter((s) => s.lgslId === lgslId);
  const busiest = [...services].sort((a, b) => b.all.volume - a.all.volume)[0];
  return {
    services: row.services,
    requests: row.requests,
    online: row.online.offered,
    digitalTakeUpPercent: row.digitalTakeUp.percent,
    withinSlaPercent: row.withinSla.percent,
    resolutionP50Hours: busiest?.all.resolutionP50Hours ?? null,
    satisfactionMean: busiest?.all.satisfactionMean ?? null,
    channelFindings: services.reduce((n, s) => n + s.findings.length, 0),
  };
}
