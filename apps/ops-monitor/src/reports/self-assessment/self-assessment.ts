import type { Channel } from '@city/contracts';
import type { Ambition, Verdict, AssessmentRow, SelfAssessment } from '@city/contracts';
/** Ambition: what the city means to achieve for a service of the national list (or for every service: `lgslId` null). */
export type { Ambition, Verdict, AssessmentRow, SelfAssessment } from '@city/contracts';

/** A service of the city's catalogue, as the self-assessment needs it. */
export interface OfferedService {
  code: string;
  lgslId: number;
  channels: Channel[];
}

/** What the service achieved in the period, from the read model. */
export interface Achieved {
  lgslId: number;
  requests: number;
  web: number;
  resolvedWithTarget: number;
  resolvedWithinSla: number;
}

const CHANNELS: Channel[] = ['web', 'phone', 'kiosk', 'counter'];
const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

function verdictOf(target: number | null, actual: number | null): Verdict {
  if (target === null) return 'no-ambition';
  if (actual === null) return 'no-data';
  return actual >= target ? 'met' : 'not-met';
}

/**
 * The city's self-assessment keyed by the national service list: for each LGSL service the city
 * offers (or has an ambition for), which channels offer it (the catalogue), and its ambitions beside
 * what it achieved: offered online, digital take-up (the share of requests made on the web) and the
 * share resolved within the service level. A service's own ambition overrides the city's.
 */
export function selfAssessment(
  offered: OfferedService[],
  ambitions: Ambition[],
  achieved: Achieved[],
  lgslNames: Map<number, string>,
  o: { from: string; to: string },
): SelfAssessment {
  const city = ambitions.find((a) => a.lgslId === null);
  const own = new Map(ambitions.filter((a) => a.lgslId !== null).map((a) => [a.lgslId!, a]));
  const ids = [...new Set([...offered.map((s) => s.lgslId), ...own.keys()])].sort((a, b) => a - b);
  const rows = ids.map((lgslId): AssessmentRow => {
    const services = offered.filter((s) => s.lgslId === lgslId);
    const channels = Object.fromEntries(
      CHANNELS.map((c) => [c, services.some((s) => s.channels.includes(c))]),
    ) as Record<Channel, boolean>;
    const a = own.get(lgslId);
    // The service's own target where it has one, else the city's.
    const pick = <K extends keyof Ambition>(k: K) => {
      const mine = a?.[k];
      return mine !== null && mine !== undefined ? mine : (city?.[k] ?? null);
    };
    const got = achieved.find((x) => x.lgslId === lgslId);
    const takeUp = got ? pct(got.web, got.requests) : null;
    const inTime = got ? pct(got.resolvedWithinSla, got.resolvedWithTarget) : null;
    const onlineAmbition = pick('offerOnline') as boolean | null;
    return {
      lgslId,
      lgslName: lgslNames.get(lgslId) ?? null,
      services: services.map((s) => s.code).sort(),
      channels,
      online: {
        ambition: onlineAmbition,
        offered: channels.web,
        verdict:
          onlineAmbition === null ? 'no-ambition' : !onlineAmbition || channels.web ? 'met' : 'not-met',
      },
      digitalTakeUp: {
        ambitionPercent: pick('digitalTakeUpPercent') as number | null,
        percent: takeUp,
        verdict: verdictOf(pick('digitalTakeUpPercent') as number | null, takeUp),
      },
      withinSla: {
        ambitionPercent: pick('withinSlaPercent') as number | null,
        percent: inTime,
        verdict: verdictOf(pick('withinSlaPercent') as number | null, inTime),
      },
      requests: got?.requests ?? 0,
    };
  });
  const tally = (k: 'online' | 'digitalTakeUp' | 'withinSla') => {
    const t: Record<Verdict, number> = { met: 0, 'not-met': 0, 'no-data': 0, 'no-ambition': 0 };
    for (const r of rows) t[r[k].verdict] += 1;
    return t;
  };
  const counts = {
    online: tally('online'),
    digitalTakeUp: tally('digitalTakeUp'),
    withinSla: tally('withinSla'),
  };
  const summary =
    `Of ${rows.length} services on the national list: ${counts.online.met} offered online as intended` +
    (counts.online['not-met'] ? ` (${counts.online['not-met']} not yet)` : '') +
    `; digital take-up on target for ${counts.digitalTakeUp.met}, below it for ${counts.digitalTakeUp['not-met']}` +
    `; resolved within the service level as aimed for ${counts.withinSla.met}, below it for ${counts.withinSla['not-met']}` +
    (counts.withinSla['no-data']
      ? `; ${counts.withinSla['no-data']} without resolved requests in the period.`
      : '.');
  return { ...o, rows, counts, summary };
}
