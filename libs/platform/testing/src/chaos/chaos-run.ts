import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import YAML from 'yaml';
import { allTopicSpecs, DEAD_LETTER_SOURCES, dlqTopic, TOPICS } from '@city/contracts';
import {
  consumerLag,
  createKafka,
  ensureTopics,
  messageCount,
  TopicProbe,
  type ProbedMessage,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { buildApps, freePort, startApp } from '../app-process';
import { freeClusterPorts, startKafkaCluster, type KafkaCluster } from '../kafka-cluster';
import { MailSink, SmsStandIn } from '../message-sinks';
import { MIX_SERVICES } from '../system-load/citizen-mix';
import { agentsAtWork, driveLoad, type AgentsResult, type LoadResult } from '../system-load/load-driver';
import { SERVICES, WholeSystem, type ServiceName } from '../system-load/whole-system';
import { logDigest } from './log-digest';
import { PrivatePostgres, PrivateRedis } from './private-stores';
import { EventOpener } from '../readable-topics';

const ROOT = resolve(__dirname, '../../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosOptions {
  /** How long the mix runs while the faults come, in seconds (180). */
  seconds?: number;
  /** Requests per second in all (12), from 8 clients. */
  rate?: number;
  /** How long a killed service stays down before it is started again, in ms (3,000). */
  downMs?: number;
  /** The longest the system gets to settle after the load, in seconds (240). */
  settleSeconds?: number;
  /** Service-level targets of the mix's services, in seconds, so timers fall due within the run (first response 40, resolution 80; auto-close 40 after resolution). */
  targets?: { firstResponse: number; resolution: number; autoClose: number };
  log?: (line: string) => void;
}

/** What a chaos run counted, and what it found wrong (empty: nothing acknowledged was lost or doubled). */
export interface ChaosReport {
  faults: Array<{ what: string; at: number; back: number }>;
  load: Pick<LoadResult, 'seconds'> & {
    accepted: number;
    gaveUp: number;
    refused: number;
    failures: Record<string, number>;
    retriedThenAccepted: number;
  };
  agents: { taken: number; resolved: number; failures: Record<string, number> };
  counts: Record<string, number>;
  /** What happened that is not a loss or a duplicate, but a reader should know. */
  notes: string[];
  problems: string[];
}

/** How long after its moment a timer may fire at the latest: the reconciler's round (60 s) and some slack. */
const TIMER_GRACE_MS = 75_000;
/**
 * Settling waits until every timer that fell due has fired (but for this slack), not only those past
 * the grace: the checks then cover every timer due by the end, not just the early ones.
 */
const SETTLE_TIMER_SLACK_MS = 5_000;

/**
 * The chaos run (issue 14): the whole back end on a three-broker Kafka cluster (three copies of every
 * topic, min.insync.replicas 2) and a PostgreSQL and Redis of its own, under the city's mix of
 * requests with agents at work, while, in turn, the gateway and each consumer service are killed
 * (SIGKILL) and started again, the broker leading the intake topic's first partition is killed and
 * started again, PostgreSQL is stopped as a crash would stop it and started again, and Redis loses
 * everything. Then it lets the system settle and checks what a city would: every 202 is exactly one
 * case, every case is routed once, every timer that fell due fired once, no citizen got the same
 * message twice, nothing is in a dead-letter topic, and the operations board counts every case.
 */
export async function runChaos(o: ChaosOptions = {}): Promise<ChaosReport> {
  const seconds = o.seconds ?? 180;
  const downMs = o.downMs ?? 3_000;
  const targets = o.targets ?? { firstResponse: 40, resolution: 80, autoClose: 40 };
  const log = o.log ?? ((line: string) => console.log(line));
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
  const say = (line: string) => log(`[chaos ${at()}] ${line}`);

  const work = mkdtempSync(join(tmpdir(), 'chaos-'));
  const prefix = `chaos${Date.now().toString(36)}.`;
  // Undone last first: the services, then the stores and brokers, then their folder.
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    () => rmSync(work, { recursive: true, force: true }),
  ];
  // The load's loops stop when these say so, also when a fault or a check fails.
  let loading = true;
  let faultsDone = false;
  const loops: Array<Promise<unknown>> = [];
  try {
    say('building the five services (dist/, as production runs them: a restart takes a second)');
    buildApps(SERVICES);
    say('starting a three-broker Kafka cluster, a PostgreSQL and a Redis of the run');
    const cluster: KafkaCluster = await startKafkaCluster({
      nodes: 3,
      ...(await freeClusterPorts(3)),
      dir: join(work, 'kafka'),
    });
    cleanups.push(() => cluster.stop());
    const postgres = new PrivatePostgres(await freePort());
    cleanups.push(() => postgres.stop());
    await postgres.start();
    const redis = new PrivateRedis(await freePort());
    cleanups.push(() => redis.stop());
    await redis.start();
    const mail = await new MailSink().start();
    const sms = await new SmsStandIn().start();
    cleanups.push(
      () => mail.stop(),
      () => sms.stop(),
    );

    const kafka = createKafka(
      { clientId: 'chaos', brokers: cluster.brokers, topicPrefix: prefix },
      createLogger('chaos', 'silent'),
    );
    await ensureTopics(kafka, allTopicSpecs(prefix), { replicationFactor: 3, minInsyncReplicas: 2 });
    const catalogue = shortTargets(work, targets);
    // CHAOS_LOGS keeps them after the run (a folder of one's choice), for a closer look.
    const logs = process.env.CHAOS_LOGS ?? join(work, 'logs');
    mkdirSync(logs, { recursive: true });
    const system = new WholeSystem({
      prefix,
      brokers: cluster.brokers,
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      label: 'chaos',
      mail,
      sms,
      catalogueDir: catalogue.services,
      env: {
        ROUTING_FILE: catalogue.routing,
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
      },
      // Ready within two minutes of a restart on a machine the faults and the load keep busy.
      // Each service's log kept in the run's folder (across its restarts), digested when the run finds a problem.
      launch: (name, port, env) =>
        startApp(name, port, env, {
          built: true,
          readyWithinMs: 120_000,
          logFile: join(logs, `${name}.log`),
        }),
    });
    cleanups.push(() => system.stop());
    say(`starting the five services (topics ${prefix}*, three copies each)`);
    await system.start();

    const loadStart = Date.now();
    // The mix runs its time, and longer if the faults take longer: every fault comes under load.
    const runUntil = loadStart + seconds * 1000;
    say(`the mix for ${seconds} s at ${o.rate ?? 12} requests/s, four agents taking next and resolving`);
    const loadDone = driveLoad({
      gateway: () => system.url('intake-gateway'),
      clients: 8,
      rate: o.rate ?? 12,
      running: () => Date.now() < runUntil || !faultsDone,
    });
    const agentsDone = agentsAtWork({
      workflow: () => system.url('workflow-service'),
      cases: () => system.url('case-service'),
      agents: ['agent-17', 'agent-18', 'clerk-2', 'clerk-9'],
      running: () => loading,
      handlingMs: 500,
    });
    loops.push(loadDone, agentsDone);

    // The faults, in turn, spread over the run.
    const intakeTopic = prefix + TOPICS.intakeRequests;
    const restart = (name: ServiceName) => async () => {
      await system.kill(name);
      await sleep(downMs);
      await system.startOne(name);
    };
    const faults: Array<{ what: string; act: () => Promise<void> }> = [
      { what: 'SIGKILL intake-gateway', act: restart('intake-gateway') },
      { what: 'SIGKILL case-service', act: restart('case-service') },
      { what: 'SIGKILL workflow-service', act: restart('workflow-service') },
      { what: 'SIGKILL notification-service', act: restart('notification-service') },
      { what: 'SIGKILL ops-monitor', act: restart('ops-monitor') },
      {
        what: 'SIGKILL the Kafka broker leading intake partition 0',
        act: async () => {
          const leader = await kafka.withAdmin(async (admin) => {
            const m = await admin.metadata({ topics: [intakeTopic], forceUpdate: true });
            return m.topics.get(intakeTopic)!.partitions[0].leader;
          });
          say(`  (broker ${leader})`);
          await cluster.kill(leader);
          await sleep(Math.max(downMs, 8_000));
          await cluster.start(leader);
        },
      },
      { what: 'PostgreSQL stopped (immediate) and started', act: () => postgres.restart(downMs) },
      { what: 'Redis flushed (FLUSHALL)', act: async () => redis.flush() },
    ];
    const report: ChaosReport = {
      faults: [],
      load: { seconds: 0, accepted: 0, gaveUp: 0, refused: 0, failures: {}, retriedThenAccepted: 0 },
      agents: { taken: 0, resolved: 0, failures: {} },
      counts: {},
      notes: [],
      problems: [],
    };
    const slot = (seconds * 1000) / (faults.length + 1);
    for (const [i, f] of faults.entries()) {
      const wait = loadStart + (i + 1) * slot - Date.now();
      if (wait > 0) await sleep(wait);
      const start = Date.now();
      say(f.what);
      await f.act();
      report.faults.push({ what: f.what, at: (start - t0) / 1000, back: (Date.now() - t0) / 1000 });
      say(`  back after ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
    await sleep(5_000);
    faultsDone = true;
    const load = await loadDone;
    loading = false;
    const agents = await agentsDone;
    say(
      `load over: ${load.accepted.size} accepted, ${load.gaveUp.length} given up; agents took ${agents.taken}, resolved ${agents.resolved}`,
    );
    report.load = {
      seconds: load.seconds,
      accepted: load.accepted.size,
      gaveUp: load.gaveUp.length,
      refused: load.refused.length,
      failures: Object.fromEntries(load.failures),
      retriedThenAccepted: [...load.accepted.values()].filter((a) => a.attempts > 1).length,
    };
    report.agents = summary(agents);
    // The status and the gateway's reasons only: its message could repeat what the citizen sent.
    for (const r of load.refused)
      report.problems.push(
        `the gateway refused a request of the mix (${r.submission.channel}): ${r.status} ${reasonsOf(r.body)}`,
      );

    // A service that died by itself under a fault is a finding, whatever the counts say.
    for (const e of system.unexpectedExits)
      report.problems.push(
        `${e.name} ended by itself at ${((e.at.getTime() - t0) / 1000).toFixed(0)} s (code ${e.code}, signal ${e.signal}): its output above says why`,
      );
    const pool = new Pool({ connectionString: postgres.url, max: 3 });
    cleanups.push(() => pool.end());
    await settle(system, pool, kafka, load, o.settleSeconds ?? 240, say);
    await check(report, { system, pool, kafka, prefix, load, mail, sms });
    // Why, for whoever reads CI's output: the run's folder goes with it.
    if (report.problems.length > 0) report.notes.push(...logDigest(logs));
    return report;
  } finally {
    faultsDone = true;
    loading = false;
    await Promise.allSettled(loops);
    for (const c of cleanups.reverse()) await (async () => c())().catch(() => undefined);
  }
}

/** The fields and reasons of an error answer (`errors[]`), without its message. */
function reasonsOf(body: string): string {
  try {
    const e = JSON.parse(body) as { errors?: Array<{ field: string; reason: string }> };
    return JSON.stringify(e.errors ?? []);
  } catch {
    return '(not JSON)';
  }
}

const summary = (a: AgentsResult) => ({
  taken: a.taken,
  resolved: a.resolved,
  failures: Object.fromEntries(a.failures),
});

/** The catalogue and routing files with the mix's services on targets of seconds, and resolved cases closing in seconds. */
function shortTargets(
  work: string,
  t: { firstResponse: number; resolution: number; autoClose: number },
): { services: string; routing: string } {
  const services = join(work, 'catalogue/services');
  mkdirSync(services, { recursive: true });
  const hours = (s: number) => ({ value: s / 3600, unit: 'hours' });
  for (const f of readdirSync(join(ROOT, 'catalogue/services'))) {
    const code = f.replace(/\.yaml$/, '');
    if (!(code in MIX_SERVICES)) {
      copyFileSync(join(ROOT, 'catalogue/services', f), join(services, f));
      continue;
    }
    const doc = YAML.parse(readFileSync(join(ROOT, 'catalogue/services', f), 'utf8'));
    doc.sla = { ...doc.sla, firstResponse: hours(t.firstResponse), resolution: hours(t.resolution) };
    writeFileSync(join(services, f), YAML.stringify(doc));
  }
  const routing = YAML.parse(readFileSync(join(ROOT, 'catalogue/routing.yaml'), 'utf8'));
  routing.autoClose = hours(t.autoClose);
  const routingFile = join(work, 'catalogue/routing.yaml');
  writeFileSync(routingFile, YAML.stringify(routing));
  return { services, routing: routingFile };
}

const count = async (pool: Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query(sql, params)).rows[0]?.n ?? 0);

/**
 * Waits until the system is quiet: every accepted request is a case and a work item, every outbox
 * is published, the operations board has every case, and every timer that fell due has fired; or
 * until `maxSeconds` have passed (the checks then say what is missing, a timer late by more than the
 * grace among it).
 */
async function settle(
  system: WholeSystem,
  pool: Pool,
  kafka: ReturnType<typeof createKafka>,
  load: LoadResult,
  maxSeconds: number,
  say: (l: string) => void,
): Promise<void> {
  const s = system.schemas;
  const deadline = Date.now() + maxSeconds * 1000;
  let told = Date.now();
  const names = [
    'accepted with a case',
    'not routed',
    'unpublished (cases, workflow, notifications)',
    '',
    '',
    'not on the board',
    'timers due and not fired',
  ];
  const show = (state: number[] | null) =>
    state
      ? names.map((n, i) => (n ? `${n} ${state[i]}` : `${state[i]}`)).join(', ')
      : 'the database did not answer';
  say('settling');
  for (;;) {
    const state = await Promise.all([
      count(pool, `SELECT count(DISTINCT reference) AS n FROM "${s.cases}".cases WHERE reference = ANY($1)`, [
        [...load.accepted.keys()],
      ]),
      count(
        pool,
        `SELECT count(*) AS n FROM "${s.cases}".cases c WHERE c.status <> 'duplicate' AND NOT EXISTS (SELECT 1 FROM "${s.workflow}".work_items w WHERE w.case_id = c.id)`,
      ),
      ...[s.cases, s.workflow, s.notifications].map((x) =>
        count(pool, `SELECT count(*) AS n FROM "${x}".outbox WHERE published_at IS NULL`),
      ),
      count(
        pool,
        `SELECT count(*) AS n FROM "${s.cases}".cases c WHERE NOT EXISTS (SELECT 1 FROM "${s.ops}".ops_cases o WHERE o.case_id = c.id)`,
      ),
      overdueTimers(pool, s.workflow, SETTLE_TIMER_SLACK_MS).then((o) => o.length),
    ]).catch(() => null);
    const quiet = state !== null && state[0] === load.accepted.size && state.slice(1).every((n) => n === 0);
    if (quiet) return say('settled');
    if (Date.now() > deadline) {
      say(`not settled within ${maxSeconds} s: ${show(state)}`);
      // Where it stands: each consumer group's lag per partition, and each service's own readiness.
      const lag = await kafka
        .withAdmin((admin) =>
          consumerLag(
            admin,
            CONSUMER_GROUPS.map((g) => ({
              group: kafka.settings.topicPrefix + g.group,
              topics: g.topics.map((t) => kafka.settings.topicPrefix + t),
            })),
          ),
        )
        .catch((e: Error) => e.message);
      say(
        `  lag: ${typeof lag === 'string' ? lag : JSON.stringify(lag.filter((l) => l.lag > 0).map((l) => `${l.group.slice(kafka.settings.topicPrefix.length)} ${l.topic.slice(kafka.settings.topicPrefix.length)}[${l.partition}] ${l.lag}`))}`,
      );
      for (const name of SERVICES) {
        const r = await fetch(`${system.url(name)}/health/ready`).catch(() => null);
        say(`  ${name} /health/ready ${r?.status ?? 'no answer'} ${r ? (await r.text()).slice(0, 600) : ''}`);
      }
      return;
    }
    if (Date.now() - told > 30_000) {
      told = Date.now();
      say(`  still settling: ${show(state)}`);
    }
    await sleep(2_000);
  }
}

/** The platform's consumer groups and what they read (the apps' @KafkaEvent declarations). */
const CONSUMER_GROUPS = [
  { group: 'case-service.intake', topics: [TOPICS.intakeRequests] },
  { group: 'case-service.workflow', topics: [TOPICS.workflowEvents] },
  { group: 'case-service.notifications', topics: [TOPICS.notificationEvents] },
  { group: 'workflow-service.cases', topics: [TOPICS.caseEvents] },
  { group: 'notification-service.triggers', topics: [TOPICS.caseEvents, TOPICS.workflowEvents] },
];

/** Clocks whose moment (a warning, a breach, a close) passed longer ago than the grace, and that have not fired. */
async function overdueTimers(pool: Pool, schema: string, graceMs = TIMER_GRACE_MS) {
  return (
    await pool.query<{ case_id: string; target: string; state: string }>(
      `SELECT case_id, target, state FROM "${schema}".sla_clocks
        WHERE (state = 'running' AND coalesce(warn_at, due_at) < now() - $1 * interval '1 millisecond')
           OR (state = 'warned' AND due_at < now() - $1 * interval '1 millisecond')`,
      [graceMs],
    )
  ).rows;
}

/** Reads a whole topic (every message now on it) from the beginning; a topic not read whole within a minute is a problem. */
async function readAll(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  problem: (p: string) => void,
  opener?: EventOpener,
): Promise<ProbedMessage[]> {
  const total = await messageCount(kafka, topic);
  if (total === 0) return [];
  const probe = await new TopicProbe(kafka, topic).start();
  const deadline = Date.now() + 60_000;
  while (probe.messages.length < total && Date.now() < deadline) await sleep(100);
  await probe.stop();
  if (probe.messages.length < total)
    problem(
      `${topic}: read ${probe.messages.length} of its ${total} messages within a minute, so it is not checked whole`,
    );
  return opener ? opener.openAll(probe.messages) : probe.messages;
}

/** Per key, the distinct event ids of one type, and how many messages repeated an event id (redelivery, which consumers absorb). */
function perKey(
  messages: ProbedMessage[],
  types: string[],
  /** What else tells events of one kind apart (a timer's target); undefined: not counted. */
  kind: (payload: { target?: string; rule?: string }) => string | undefined = (p) => p.target ?? '',
) {
  const byKey = new Map<string, Set<string>>();
  let redelivered = 0;
  for (const m of messages) {
    const e = m.json<{ type: string; eventId: string; payload: { target?: string; rule?: string } }>();
    if (!types.includes(e.type)) continue;
    const sub = kind(e.payload);
    if (sub === undefined) continue;
    const key = `${m.key}/${e.type}${sub ? `/${sub}` : ''}`;
    const ids = byKey.get(key) ?? new Set<string>();
    if (ids.has(e.eventId)) redelivered++;
    ids.add(e.eventId);
    byKey.set(key, ids);
  }
  return { byKey, redelivered, twice: [...byKey].filter(([, ids]) => ids.size > 1).map(([k]) => k) };
}

async function check(
  report: ChaosReport,
  c: {
    system: WholeSystem;
    pool: Pool;
    kafka: ReturnType<typeof createKafka>;
    prefix: string;
    load: LoadResult;
    mail: MailSink;
    sms: SmsStandIn;
  },
): Promise<void> {
  const { pool, load } = c;
  const s = c.system.schemas;
  const problem = (p: string) => report.problems.push(p);
  const n = report.counts;

  // Every 202 is exactly one case.
  const cases = (
    await pool.query<{ id: string; reference: string; status: string; email: string | null }>(
      `SELECT c.id, c.reference, c.status, (SELECT cp.value FROM "${s.cases}".contact_points cp WHERE cp.party_id = c.party_id AND cp.kind = 'email' LIMIT 1) AS email
         FROM "${s.cases}".cases c`,
    )
  ).rows;
  // Not more than one: the case record's unique index on (tenant, reference) forbids it.
  const references = new Set(cases.map((k) => k.reference));
  const missing = [...load.accepted.keys()].filter((r) => !references.has(r));
  n.accepted = load.accepted.size;
  n.cases = cases.length;
  n.acceptedWithoutCase = missing.length;
  if (missing.length)
    problem(`${missing.length} accepted requests have no case: ${missing.slice(0, 5).join(', ')}`);
  // A case without a 202 is one whose answer was lost on the way back (the gateway killed after the
  // broker acknowledged): its sender gave up on it (or was refused on a retry), so its citizen's email is one of theirs.
  const gaveUpEmails = new Set(
    [...load.gaveUp, ...load.refused.map((r) => r.submission)].map(
      (g) => (g.body.contact as { email: string }).email,
    ),
  );
  const extras = cases.filter((k) => !load.accepted.has(k.reference));
  const unexplained = extras.filter((k) => !k.email || !gaveUpEmails.has(k.email));
  n.casesWithoutA202 = extras.length;
  if (unexplained.length)
    problem(
      `${unexplained.length} cases match no request of the run: ${unexplained
        .slice(0, 5)
        .map((k) => k.reference)
        .join(', ')}`,
    );

  // Every case routed, once.
  // At most one work item a case: its primary key is the case id. Routed twice shows on the stream.
  const routed = (await pool.query<{ case_id: string }>(`SELECT case_id FROM "${s.workflow}".work_items`))
    .rows;
  const routedIds = new Set(routed.map((r) => r.case_id));
  // A report found to duplicate an open one is linked to it and closed as a duplicate: it runs no workflow.
  const duplicates = cases.filter((k) => k.status === 'duplicate');
  const unrouted = cases.filter((k) => k.status !== 'duplicate' && !routedIds.has(k.id));
  n.closedAsDuplicates = duplicates.length;
  n.routed = routed.length;
  n.casesNotRouted = unrouted.length;
  if (unrouted.length)
    problem(
      `${unrouted.length} cases are not routed: ${unrouted
        .slice(0, 5)
        .map((k) => k.reference)
        .join(', ')}`,
    );

  // On the streams: no case opened or routed twice (two different events), no timer's fact twice.
  // Sealed, as deployed: opened with the run's keys, as the consumers open them.
  const opener = c.system.privacyMasterKey
    ? await EventOpener.start(c.kafka, c.prefix, c.system.privacyMasterKey)
    : undefined;
  const caseEvents = await readAll(c.kafka, c.prefix + TOPICS.caseEvents, problem, opener);
  const workflowEvents = await readAll(c.kafka, c.prefix + TOPICS.workflowEvents, problem, opener);
  await opener?.stop();
  const opened = perKey(caseEvents, ['CaseOpened']);
  // Routed once when it arrives, and once more by each escalation (a breached target): a priority set by hand is not counted.
  const routing = perKey(workflowEvents, ['CaseRouted'], (p) =>
    p.rule?.startsWith('priority-set:') ? undefined : p.rule?.startsWith('escalation:') ? p.rule : 'arrival',
  );
  const timers = perKey(workflowEvents, ['SlaWarning', 'SlaBreached', 'CaseCloseDue']);
  n.caseOpenedEvents = opened.byKey.size;
  n.caseRoutedEvents = routing.byKey.size;
  n.timerFacts = [...timers.byKey.values()].reduce((a, ids) => a + ids.size, 0);
  n.redeliveredEvents = opened.redelivered + routing.redelivered + timers.redelivered;
  if (opened.twice.length)
    problem(`cases opened twice on the stream: ${opened.twice.slice(0, 5).join(', ')}`);
  if (routing.twice.length)
    problem(`cases routed twice on the stream: ${routing.twice.slice(0, 5).join(', ')}`);
  if (timers.twice.length) problem(`timers that fired twice: ${timers.twice.slice(0, 5).join(', ')}`);

  // Every timer that fell due fired (within the grace).
  const clocks = (
    await pool.query<{ target: string; state: string; n: number }>(
      `SELECT target, state, count(*)::int AS n FROM "${s.workflow}".sla_clocks GROUP BY 1, 2 ORDER BY 1, 2`,
    )
  ).rows;
  for (const k of clocks) n[`clocks ${k.target} ${k.state}`] = k.n;
  const overdue = await overdueTimers(pool, s.workflow);
  n.timersOverdue = overdue.length;
  if (overdue.length)
    problem(
      `${overdue.length} timers fell due more than ${TIMER_GRACE_MS / 1000} s ago and did not fire: ${overdue
        .slice(0, 5)
        .map((o) => `${o.case_id}/${o.target} (${o.state})`)
        .join(', ')}`,
    );

  // No citizen got the same message twice.
  const twice = <T>(xs: T[], key: (x: T) => string) => {
    const seen = new Map<string, number>();
    for (const x of xs) seen.set(key(x), (seen.get(key(x)) ?? 0) + 1);
    return [...seen].filter(([, k]) => k > 1).map(([k]) => k);
  };
  // Two messages of the same content to the same person are two messages, unless they are one
  // delivery handed over twice: the notification-service killed between handing an email to the
  // mail server and recording it sends it again on restart with the same Message-ID (mail clients
  // show one), which SMTP cannot prevent; counted, and shown, apart.
  const resent = twice(c.mail.mails, (m) => m.messageId);
  // Named in the report by Message-ID or the provider's idempotency key (a delivery's id), never by address.
  const firstOf = new Map<string, string>();
  const mails = twice(
    [...new Map(c.mail.mails.map((m) => [m.messageId, m])).values()],
    (m) => `${m.to.join(',')}|${m.subject}|${m.text}`,
  );
  for (const m of c.mail.mails) firstOf.set(`${m.to.join(',')}|${m.subject}|${m.text}`, m.messageId);
  for (const m of c.sms.messages) firstOf.set(`${m.to}|${m.text}`, m.idempotencyKey ?? m.id);
  const texts = twice(c.sms.messages, (m) => `${m.to}|${m.text}`);
  n.emails = c.mail.mails.length;
  n.texts = c.sms.messages.length;
  n.messagesSentTwice = mails.length + texts.length;
  n.emailsHandedOverAgainAfterACrash = resent.length;
  if (resent.length)
    report.notes.push(
      `${resent.length} emails handed to the mail server again with the same Message-ID (the notification-service killed between sending and recording): ${resent.slice(0, 3).join(', ')}`,
    );
  if (mails.length)
    problem(
      `${mails.length} emails sent twice as two messages, e.g. ${mails
        .slice(0, 3)
        .map((m) => firstOf.get(m))
        .join(', ')}`,
    );
  if (texts.length)
    problem(
      `${texts.length} texts sent twice, e.g. ${texts
        .slice(0, 3)
        .map((m) => firstOf.get(m))
        .join(', ')}`,
    );

  // Nothing dead-lettered.
  let dead = 0;
  for (const source of DEAD_LETTER_SOURCES) {
    const letters = await readAll(c.kafka, c.prefix + dlqTopic(source), problem);
    dead += letters.length;
    for (const l of letters.slice(0, 3))
      problem(
        `dead letter on ${dlqTopic(source)}: ${l.headers['dlq-error'] ?? l.headers['error'] ?? JSON.stringify(l.headers).slice(0, 200)}`,
      );
    if (letters.length > 3) problem(`… and ${letters.length - 3} more dead letters on ${dlqTopic(source)}`);
  }
  n.deadLetters = dead;

  // The operations board has every case.
  const notOnBoard = await count(
    pool,
    `SELECT count(*) AS n FROM "${s.cases}".cases c WHERE NOT EXISTS (SELECT 1 FROM "${s.ops}".ops_cases o WHERE o.case_id = c.id)`,
  );
  n.casesNotOnTheOpsBoard = notOnBoard;
  if (notOnBoard) problem(`${notOnBoard} cases are missing from the operations board`);
}
