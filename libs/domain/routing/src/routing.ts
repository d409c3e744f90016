import { areaOf, type Area } from './areas';

/** 1 is the most urgent, 4 the least; 3 is the default. */
export type Priority = 1 | 2 | 3 | 4;

/** What routing knows of a case when it arrives, whatever the channel. */
export interface CaseFacts {
  serviceCode: string;
  defaultQueue: string;
  channel: string;
  location: { lat: number | null; long: number | null } | null;
  attributes: Record<string, string | number | string[]>;
  /** A safety hazard was reported (an attribute the catalogue marks as such has a hazard value). */
  hazard: boolean;
  /** The citizen has support needs on record. */
  supportNeeds: boolean;
  /** The citizen's language for contact. */
  language: string;
}

/**
 * One routing rule: when every condition given holds, it may send the case to a queue, make it more
 * urgent, and require skills. Conditions left out match anything. The channel may be a condition
 * only for skills, never for the queue or priority: every channel is treated the same.
 */
export interface RoutingRule {
  id: string;
  when: {
    services?: string[];
    areas?: string[];
    hazard?: boolean;
    supportNeeds?: boolean;
    languages?: string[];
    /** attribute code -> the values that match */
    attributes?: Record<string, string[]>;
  };
  then: { queue?: string; priority?: Priority; skills?: string[] };
}

export interface RoutingDecision {
  queue: string;
  priority: Priority;
  skills: string[];
  /** The rule that chose the queue ('default' when none did). */
  rule: string;
  /** Every rule that matched, in order. */
  matched: string[];
  area: string | null;
}

function attributeMatches(value: string | number | string[] | undefined, wanted: string[]): boolean {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [String(value)];
  return values.some((v) => wanted.includes(v));
}

/**
 * Routes a case: the first matching rule with a queue chooses the queue (else the service's default
 * queue), the most urgent priority of all matching rules wins (default 3), and the skills of all
 * matching rules are required together. Rules are data; their order is the city's choice.
 */
export function route(facts: CaseFacts, rules: RoutingRule[], areas: Area[]): RoutingDecision {
  const area = areaOf(facts.location, areas)?.id ?? null;
  const matched = rules.filter(({ when }) => {
    if (when.services && !when.services.includes(facts.serviceCode)) return false;
    if (when.areas && (area === null || !when.areas.includes(area))) return false;
    if (when.hazard !== undefined && when.hazard !== facts.hazard) return false;
    if (when.supportNeeds !== undefined && when.supportNeeds !== facts.supportNeeds) return false;
    if (when.languages && !when.languages.includes(facts.language)) return false;
    if (
      when.attributes &&
      !Object.entries(when.attributes).every(([code, wanted]) =>
        attributeMatches(facts.attributes[code], wanted),
      )
    )
      return false;
    return true;
  });
  const chooser = matched.find((r) => r.then.queue);
  const priorities = matched.map((r) => r.then.priority).filter((p): p is Priority => p !== undefined);
  return {
    queue: chooser?.then.queue ?? facts.defaultQueue,
    priority: priorities.length > 0 ? (Math.min(...priorities) as Priority) : 3,
    skills: [...new Set(matched.flatMap((r) => r.then.skills ?? []))].sort(),
    rule: chooser?.id ?? 'default',
    matched: matched.map((r) => r.id),
    area,
  };
}
