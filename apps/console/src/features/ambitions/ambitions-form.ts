import type { Ambition } from '@city/contracts';

/** One row of the form as the person types it: blank means no ambition of its own. */
export interface AmbitionDraft {
  lgslId: number | null;
  offerOnline: '' | 'yes' | 'no';
  digitalTakeUp: string;
  withinSla: string;
}

/** What PUT /api/v1/self-assessment/ambitions takes. */
export interface AmbitionsBody {
  city: Targets;
  services: Array<{ lgslId: number } & Targets>;
  reason?: string;
}
type Targets = { offerOnline?: boolean; digitalTakeUpPercent?: number; withinSlaPercent?: number };

const text = (n: number | null) => (n === null ? '' : String(n));

/**
 * The form's rows: the city's first, then a row for every service of the national list the city
 * offers (from its self-assessment) and every one with an ambition, by LGSL id.
 */
export function draftsOf(ambitions: Ambition[], lgslIds: number[]): AmbitionDraft[] {
  const byId = new Map(ambitions.map((a) => [a.lgslId, a]));
  const ids = [...new Set([...lgslIds, ...ambitions.flatMap((a) => (a.lgslId === null ? [] : [a.lgslId]))])];
  return [null, ...ids.sort((a, b) => a - b)].map((lgslId) => {
    const a = byId.get(lgslId);
    return {
      lgslId,
      offerOnline: a?.offerOnline === true ? 'yes' : a?.offerOnline === false ? 'no' : '',
      digitalTakeUp: text(a?.digitalTakeUpPercent ?? null),
      withinSla: text(a?.withinSlaPercent ?? null),
    };
  });
}

/** A typed percentage: blank is none; a decimal comma reads as a point (Dutch, Swedish); anything else stays for the service to refuse. */
const percent = (s: string): number | undefined => {
  const t = s.trim().replace(',', '.');
  return t === '' ? undefined : Number(t);
};

function targetsOf(d: AmbitionDraft): Targets {
  const t: Targets = {};
  if (d.offerOnline) t.offerOnline = d.offerOnline === 'yes';
  const takeUp = percent(d.digitalTakeUp);
  if (takeUp !== undefined) t.digitalTakeUpPercent = takeUp;
  const sla = percent(d.withinSla);
  if (sla !== undefined) t.withinSlaPercent = sla;
  return t;
}

/** The body to record: the city's targets, each service with a target of its own (the rest follow the city), and why. */
export function bodyOf(drafts: AmbitionDraft[], reason: string): AmbitionsBody {
  const city = drafts.find((d) => d.lgslId === null);
  const services = drafts
    .filter((d): d is AmbitionDraft & { lgslId: number } => d.lgslId !== null)
    .map((d) => ({ lgslId: d.lgslId, ...targetsOf(d) }))
    .filter((s) => Object.keys(s).length > 1);
  return { city: city ? targetsOf(city) : {}, services, ...(reason.trim() ? { reason: reason.trim() } : {}) };
}

/**
 * The row a field the service refused belongs to (`services[2].withinSlaPercent` is the third
 * service of the body sent, `city.…` the city's), so the form can show the reason beside it.
 */
export function rowOfField(field: string, sent: AmbitionsBody): number | null | undefined {
  if (field.startsWith('city')) return null;
  const m = /^services[.[](\d+)/.exec(field);
  return m ? sent.services[Number(m[1])]?.lgslId : undefined;
}
