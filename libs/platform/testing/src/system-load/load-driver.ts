import { asUser, type DemoUser } from '../keycloak-tokens';
import { CitizenMix, MIX_AGENT_PROFILE, type MixChannel, type MixSubmission } from './citizen-mix';

/** A request the gateway acknowledged (202). */
export interface AcceptedRequest {
  reference: string;
  channel: MixChannel;
  service: string;
  near: boolean;
  /** When the 202 arrived (epoch ms). */
  acceptedAt: number;
  /** How many times it was sent before the 202 (1: at once). */
  attempts: number;
}

export interface LoadResult {
  accepted: Map<string, AcceptedRequest>;
  /** Requests never acknowledged: every try failed (the gateway down or refusing for the whole retry time). */
  gaveUp: MixSubmission[];
  /** Answers other than 202 and failed connections, by status ('no answer' for a connection refused or cut). */
  failures: Map<string, number>;
  /** 4xx answers other than 429: the mix sent something the gateway called bad (a fault in the mix or the gateway). */
  refused: Array<{ status: number; body: string; submission: MixSubmission }>;
  seconds: number;
}

export interface LoadOptions {
  /** The gateway's base URL, asked again on every try (a restarted gateway may be elsewhere). */
  gateway: () => string;
  /** Clients sending at once, each the next request as soon as the last one is answered. */
  clients: number;
  /** Send until this says stop. */
  running: () => boolean;
  mix?: CitizenMix;
  /** How long one request is tried again (the same idempotency key) before the client gives up: 60 s. */
  retryForMs?: number;
  /** Requests per second in all, when set: each client waits its turn (an open-loop rate, not as fast as answered). */
  rate?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * Citizens' requests on every channel (CitizenMix) sent to the gateway by `clients` clients at once,
 * as a resilient channel would: a request not acknowledged (no answer, 429, 5xx) is sent again with
 * its idempotency key, backing off up to a second, for `retryForMs`. Only a 202 counts as accepted.
 */
export async function driveLoad(o: LoadOptions): Promise<LoadResult> {
  const mix = o.mix ?? new CitizenMix();
  const result: LoadResult = {
    accepted: new Map(),
    gaveUp: [],
    failures: new Map(),
    refused: [],
    seconds: 0,
  };
  const retryFor = o.retryForMs ?? 60_000;
  const started = performance.now();
  let sent = 0;
  const client = async () => {
    while (o.running()) {
      if (o.rate) {
        const due = started + (sent++ / o.rate) * 1000;
        if (due > performance.now()) await sleep(due - performance.now());
        if (!o.running()) break;
      }
      const s = mix.next();
      const giveUpAt = Date.now() + retryFor;
      for (let attempt = 1; ; attempt++) {
        // A sign-in refused (Keycloak busy) counts as no answer: the request is tried again.
        const res = await s
          .headers()
          .then((headers) =>
            fetch(`${o.gateway()}${s.path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              body: JSON.stringify(s.body),
              signal: AbortSignal.timeout(15_000),
            }),
          )
          .catch(() => null);
        const reference =
          res?.status === 202
            ? await res
                .json()
                .then((b) => (b as { reference: string }).reference)
                .catch(() => null)
            : null;
        if (reference) {
          result.accepted.set(reference, {
            reference,
            channel: s.channel,
            service: s.service,
            near: s.near,
            acceptedAt: Date.now(),
            attempts: attempt,
          });
          mix.accepted(s);
          break;
        }
        const body = res && res.status !== 202 ? await res.text().catch(() => '') : '';
        bump(result.failures, res ? String(res.status) : 'no answer');
        // Retried: 429; 401 (a token may have expired between the check and the call); 409 "in
        // progress" (the first try is still being submitted, after this client stopped waiting).
        const retryable =
          res?.status === 429 || res?.status === 401 || (res?.status === 409 && body.includes('in progress'));
        if (res && res.status >= 400 && res.status < 500 && !retryable) {
          result.refused.push({ status: res.status, body: body.slice(0, 500), submission: s });
          break;
        }
        if (Date.now() > giveUpAt) {
          result.gaveUp.push(s);
          break;
        }
        await sleep(Math.min(1000, 100 * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export interface AgentsResult {
  taken: number;
  resolved: number;
  /** Calls that failed (a service down, a version moved on), by what failed. */
  failures: Map<string, number>;
}

export interface AgentsOptions {
  workflow: () => string;
  cases: () => string;
  agents: DemoUser[];
  running: () => boolean;
  /** Time an agent spends on a case before resolving it (0). */
  handlingMs?: number;
}

/**
 * Agents at work through the same APIs the console uses: each sets a work profile (the mix's queues,
 * every skill), then presses "take next" and resolves what they got with a reason, again and again;
 * with nothing to take they wait a quarter of a second. A call that fails (a service down, another
 * writer first) is counted and the agent goes on, as a person would.
 */
export async function agentsAtWork(o: AgentsOptions): Promise<AgentsResult> {
  const result: AgentsResult = { taken: 0, resolved: 0, failures: new Map() };
  const json = { 'content-type': 'application/json' };
  const agent = async (who: DemoUser) => {
    while (o.running()) {
      const profile = await asUser(who)
        .then((auth) =>
          fetch(`${o.workflow()}/api/v1/agents/me`, {
            method: 'PUT',
            headers: { ...json, ...auth },
            body: JSON.stringify(MIX_AGENT_PROFILE),
          }),
        )
        .catch(() => null);
      if (profile?.ok) break;
      bump(result.failures, `profile ${profile?.status ?? 'no answer'}`);
      await sleep(500);
    }
    while (o.running()) {
      const take = await asUser(who)
        .then((auth) =>
          fetch(`${o.workflow()}/api/v1/agents/me/take-next`, { method: 'POST', headers: auth }),
        )
        .catch(() => null);
      if (take?.status === 204 || take?.status === 409) {
        await take.arrayBuffer();
        await sleep(250);
        continue;
      }
      if (take?.status !== 200) {
        bump(result.failures, `take-next ${take?.status ?? 'no answer'}`);
        await take?.arrayBuffer();
        await sleep(500);
        continue;
      }
      const reference = await take
        .json()
        .then((b) => (b as { reference: string }).reference)
        .catch(() => null);
      if (!reference) {
        bump(result.failures, 'take-next answer cut');
        continue;
      }
      result.taken++;
      if (o.handlingMs) await sleep(o.handlingMs);
      for (let attempt = 0; attempt < 20 && o.running(); attempt++) {
        const done = await asUser(who)
          .then((auth) => resolve(o.cases(), reference, auth))
          .catch(() => 'sign-in refused');
        if (done === 'resolved') result.resolved++;
        if (done === 'resolved' || done === 'gone') break;
        bump(result.failures, `resolve ${done}`);
        await sleep(500);
      }
    }
  };
  await Promise.all(o.agents.map(agent));
  return result;
}

/** Resolves a case as an agent does: reads its version, then moves it to resolved with a reason. 'resolved', 'gone' (no longer open), or what failed. */
async function resolve(cases: string, reference: string, auth: Record<string, string>): Promise<string> {
  const read = await fetch(`${cases}/api/v1/cases/${reference}`, { headers: auth }).catch(() => null);
  if (!read?.ok) return `read ${read?.status ?? 'no answer'}`;
  const view = (await read.json().catch(() => null)) as { case: { version: number; status: string } } | null;
  if (!view) return 'read cut';
  if (!['received', 'open', 'in-progress', 'waiting-for-citizen'].includes(view.case.status)) return 'gone';
  const res = await fetch(`${cases}/api/v1/cases/${reference}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({
      status: 'resolved',
      reason: 'Dealt with by the crew',
      expectedVersion: view.case.version,
    }),
  }).catch(() => null);
  await res?.arrayBuffer();
  return res?.ok ? 'resolved' : `status ${res?.status ?? 'no answer'}`;
}
