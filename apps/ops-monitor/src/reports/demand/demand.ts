import type { DemandCell, DemandInsight } from '@city/contracts';
export type { DemandCell, DemandInsight } from '@city/contracts';

const add = (r: Record<string, number>, k: string, n: number) => void (r[k] = (r[k] ?? 0) + n);

/** What citizens ask for, where (district) and how (channel), over time. */
export function demandInsight(
  cells: DemandCell[],
  o: { from: string; to: string; interval: 'week' | 'month' },
): DemandInsight {
  const services = new Map<string, DemandInsight['services'][number]>();
  const districts = new Map<string, { requests: number; byService: Record<string, number> }>();
  const periods = new Map<string, { byChannel: Record<string, number>; requests: number }>();
  for (const c of cells) {
    const s = services.get(c.serviceCode) ?? {
      serviceCode: c.serviceCode,
      lgslId: c.lgslId,
      requests: 0,
      byChannel: {},
      byDistrict: {},
    };
    s.requests += c.requests;
    add(s.byChannel, c.channel, c.requests);
    add(s.byDistrict, c.district, c.requests);
    services.set(c.serviceCode, s);
    const d = districts.get(c.district) ?? { requests: 0, byService: {} };
    d.requests += c.requests;
    add(d.byService, c.serviceCode, c.requests);
    districts.set(c.district, d);
    const p = periods.get(c.period) ?? { byChannel: {}, requests: 0 };
    p.requests += c.requests;
    add(p.byChannel, c.channel, c.requests);
    periods.set(c.period, p);
  }
  return {
    ...o,
    services: [...services.values()].sort(
      (a, b) => b.requests - a.requests || a.serviceCode.localeCompare(b.serviceCode),
    ),
    districts: [...districts.entries()]
      .map(([district, d]) => ({
        district,
        requests: d.requests,
        topServices: Object.entries(d.byService)
          .map(([serviceCode, requests]) => ({ serviceCode, requests }))
          .sort((a, b) => b.requests - a.requests || a.serviceCode.localeCompare(b.serviceCode))
          .slice(0, 5),
      }))
      .sort((a, b) => b.requests - a.requests || a.district.localeCompare(b.district)),
    periods: [...periods.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, p]) => ({ period, ...p })),
    cells,
  };
}
