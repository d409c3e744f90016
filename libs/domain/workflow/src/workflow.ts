/**
 * Workflows as data: a versioned definition of typed steps, each with its settings and its next
 * step(s). A run pins the version it started with and keeps its state; `advance` is the whole
 * engine, a pure function from a run's state and what happened to the new state and the effects
 * the service is to carry out (route, start clocks, message the citizen, ask for information,
 * wait, close). Time and I/O stay outside.
 */

/** A length of time as the catalogue states it (working time on the city's calendar, or wall-clock). */
export interface Duration {
  value: number;
  unit: 'working-days' | 'working-hours' | 'calendar-days' | 'hours';
}

/** What a waiting run can be woken by. */
export const WAIT_EVENTS = ['information-received', 'in-progress', 'resolved'] as const;
export type WaitEvent = (typeof WAIT_EVENTS)[number];

/** A branch condition on what the case is, never on the channel it came by. */
export interface Condition {
  /** An attribute has one of these values. */
  attribute?: { code: string; in: string[] };
  /** The case lies in one of these districts. */
  areas?: string[];
  /** A safety hazard was reported. */
  hazard?: boolean;
}

export type Step =
  | { id: string; type: 'ASSIGN_QUEUE'; next?: string }
  | { id: string; type: 'SET_SLA'; next?: string }
  | { id: string; type: 'NOTIFY_CITIZEN'; template: string; next?: string }
  | { id: string; type: 'REQUEST_INFORMATION'; template: string; next?: string }
  | {
      id: string;
      type: 'WAIT_FOR_EVENT';
      event: WaitEvent;
      timeout?: Duration;
      onTimeout?: string;
      next?: string;
    }
  | { id: string; type: 'IF'; when: Condition; then: string; else: string }
  | { id: string; type: 'DELAY'; duration: Duration; next?: string }
  | { id: string; type: 'CLOSE'; reason: string };
export type StepType = Step['type'];

export interface WorkflowDefinition {
  id: string;
  version: number;
  name: string;
  start: string;
  steps: Step[];
}

/** What a branch can look at. */
export interface CaseFacts {
  attributes: Record<string, string | number | string[]>;
  area: string | null;
  hazard: boolean;
}

export interface RunState {
  /** The step the run is at (waiting there, or the last one when done). */
  step: string;
  status: 'running' | 'waiting' | 'done';
  /** While waiting: the event that moves it on, or 'time' for a delay. */
  waitingFor: WaitEvent | 'time' | null;
  /** Every step entered, in order. */
  trail: string[];
}

export type Effect =
  | { kind: 'assign-queue'; step: string }
  | { kind: 'set-sla'; step: string }
  | { kind: 'notify-citizen'; step: string; template: string }
  | { kind: 'request-information'; step: string; template: string }
  /** Wake the run after this long (a wait's timeout or a delay). */
  | { kind: 'wake-after'; step: string; duration: Duration }
  | { kind: 'close'; step: string; reason: string };

export type Input = { kind: 'start' } | { kind: 'event'; event: WaitEvent } | { kind: 'wake' };

/** How many steps one advance may take before the definition is judged to loop. */
const MAX_STEPS = 100;

function holds(c: Condition, f: CaseFacts): boolean {
  if (c.hazard !== undefined && c.hazard !== f.hazard) return false;
  if (c.areas && (f.area === null || !c.areas.includes(f.area))) return false;
  if (c.attribute) {
    const v = f.attributes[c.attribute.code];
    const values = v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
    if (!values.some((x) => c.attribute!.in.includes(x))) return false;
  }
  return true;
}

function targets(s: Step): string[] {
  switch (s.type) {
    case 'IF':
      return [s.then, s.else];
    case 'WAIT_FOR_EVENT':
      return [s.next, s.onTimeout].filter((x): x is string => x !== undefined);
    case 'CLOSE':
      return [];
    default:
      return s.next ? [s.next] : [];
  }
}

/** What is wrong with a definition (empty: it can run). */
export function definitionProblems(d: WorkflowDefinition): string[] {
  const out: string[] = [];
  const ids = new Map<string, Step>();
  for (const s of d.steps) {
    if (ids.has(s.id)) out.push(`step ${s.id}: the id is used twice`);
    ids.set(s.id, s);
  }
  if (!ids.has(d.start)) out.push(`start: no step ${d.start}`);
  for (const s of d.steps) {
    for (const t of targets(s)) if (!ids.has(t)) out.push(`step ${s.id}: goes to ${t}, which does not exist`);
    if (s.type === 'WAIT_FOR_EVENT' && (s.timeout === undefined) !== (s.onTimeout === undefined))
      out.push(`step ${s.id}: a timeout needs onTimeout, and onTimeout a timeout`);
  }
  if (out.length > 0) return out;
  // Every step reachable from the start; no loop that never waits (it would run forever in one advance).
  const seen = new Set<string>();
  const walk = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    targets(ids.get(id)!).forEach(walk);
  };
  walk(d.start);
  for (const s of d.steps) if (!seen.has(s.id)) out.push(`step ${s.id}: cannot be reached from ${d.start}`);
  const blocking = (s: Step) => s.type === 'WAIT_FOR_EVENT' || s.type === 'DELAY';
  const onPath = new Set<string>();
  const done = new Set<string>();
  const loops = (id: string): boolean => {
    if (onPath.has(id)) return true;
    if (done.has(id)) return false;
    const s = ids.get(id)!;
    if (blocking(s)) return false;
    onPath.add(id);
    const found = targets(s).some(loops);
    onPath.delete(id);
    done.add(id);
    return found;
  };
  if (loops(d.start) || d.steps.some((s) => blocking(s) && targets(s).some(loops)))
    out.push('the steps loop without a wait or a delay');
  return out;
}

/**
 * Moves a run on: from the start, after the event it waits for, or when its wake-up comes (a wait's
 * timeout, or the end of a delay). Runs steps until one waits or the run ends; returns the new state
 * and the effects in order. An event the run is not waiting for changes nothing.
 */
export function advance(
  d: WorkflowDefinition,
  state: RunState | null,
  facts: CaseFacts,
  input: Input,
): { state: RunState; effects: Effect[] } {
  const byId = new Map(d.steps.map((s) => [s.id, s]));
  const effects: Effect[] = [];
  let trail = state?.trail ?? [];
  let next: string | undefined;

  if (input.kind === 'start') {
    if (state) return { state, effects };
    next = d.start;
  } else {
    if (!state || state.status !== 'waiting')
      return { state: state ?? { step: d.start, status: 'done', waitingFor: null, trail }, effects };
    const at = byId.get(state.step)!;
    if (input.kind === 'event') {
      if (state.waitingFor !== input.event) return { state, effects };
      next = targets(at)[0];
    } else {
      next = at.type === 'WAIT_FOR_EVENT' ? at.onTimeout : at.type === 'DELAY' ? at.next : undefined;
      if (next === undefined && at.type !== 'DELAY') return { state, effects };
    }
  }

  let last = state?.step ?? d.start;
  for (let i = 0; i < MAX_STEPS; i++) {
    if (next === undefined)
      return { state: { step: last, status: 'done', waitingFor: null, trail }, effects };
    const s = byId.get(next);
    if (!s) throw new Error(`workflow ${d.id} v${d.version}: no step ${next}`);
    trail = [...trail, s.id];
    last = s.id;
    switch (s.type) {
      case 'ASSIGN_QUEUE':
        effects.push({ kind: 'assign-queue', step: s.id });
        next = s.next;
        break;
      case 'SET_SLA':
        effects.push({ kind: 'set-sla', step: s.id });
        next = s.next;
        break;
      case 'NOTIFY_CITIZEN':
        effects.push({ kind: 'notify-citizen', step: s.id, template: s.template });
        next = s.next;
        break;
      case 'REQUEST_INFORMATION':
        effects.push({ kind: 'request-information', step: s.id, template: s.template });
        next = s.next;
        break;
      case 'IF':
        next = holds(s.when, facts) ? s.then : s.else;
        break;
      case 'WAIT_FOR_EVENT':
        if (s.timeout) effects.push({ kind: 'wake-after', step: s.id, duration: s.timeout });
        return { state: { step: s.id, status: 'waiting', waitingFor: s.event, trail }, effects };
      case 'DELAY':
        effects.push({ kind: 'wake-after', step: s.id, duration: s.duration });
        return { state: { step: s.id, status: 'waiting', waitingFor: 'time', trail }, effects };
      case 'CLOSE':
        effects.push({ kind: 'close', step: s.id, reason: s.reason });
        return { state: { step: s.id, status: 'done', waitingFor: null, trail }, effects };
    }
  }
  throw new Error(`workflow ${d.id} v${d.version}: more than ${MAX_STEPS} steps without a wait`);
}
