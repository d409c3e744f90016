import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKafka, waitForBroker } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';

const ROOT = resolve(__dirname, '../../../..');
export const KAFKA_LIBS =
  process.env.KAFKA_LIBS ?? join(process.env.INFRA_CACHE ?? join(ROOT, '.cache/infra'), 'kafka/libs');

export interface KafkaClusterOptions {
  /** How many brokers (each also a KRaft controller): 1, or 3 for a cluster that survives one lost. */
  nodes: number;
  /** Node n listens for clients on basePort + n - 1, and as a controller on controllerBasePort + n - 1. */
  basePort: number;
  controllerBasePort: number;
  /** Where each node keeps its data and log (node-<n>/); a new temporary folder when not given. */
  dir?: string;
  /** Each broker's heap (384m). */
  heap?: string;
  /**
   * The brokers outlive this process (their own session, their pid in node-<n>/kafka.pid), as
   * `tools/infra cluster up` wants; otherwise they are this process's children and go with `stop()`.
   */
  detached?: boolean;
}

export interface KafkaCluster {
  /** Every broker's address, node 1 first. */
  brokers: string[];
  /** Node n's client address. */
  broker(node: number): string;
  /** Stops node n abruptly (SIGKILL), as a crash or a pulled cable would. */
  kill(node: number): Promise<void>;
  /** Starts node n again on its port and data, and waits until it answers. */
  start(node: number): Promise<void>;
  /** Whether node n's process runs. */
  running(node: number): boolean;
  /** Stops every node (SIGKILL), and removes the data of a cluster started without a `dir`. */
  stop(): Promise<void>;
}

/**
 * Ports for a cluster of `nodes` that are all free now (clients on basePort and up, controllers on
 * basePort + 100 and up), below the system's range of ephemeral ports (32768 and up on Linux), so no
 * outgoing connection takes one while the brokers start or restart. A fixed port in that range failed
 * a CI run once: "Address already in use" on a controller's port.
 */
export async function freeClusterPorts(
  nodes: number,
): Promise<Pick<KafkaClusterOptions, 'basePort' | 'controllerBasePort'>> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  const offsets = Array.from({ length: nodes }, (_, i) => [i, 100 + i]).flat();
  for (let i = 0; i < 100; i++) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    if ((await Promise.all(offsets.map((d) => free(base + d)))).every(Boolean))
      return { basePort: base, controllerBasePort: base + 100 };
  }
  throw new Error('no free block of ports for a Kafka cluster between 20000 and 29100');
}

/** The server.properties of node n of a cluster: every node a broker and a voter of the KRaft quorum. */
export function nodeProperties(o: KafkaClusterOptions, node: number, dataDir: string): string {
  const voters = Array.from({ length: o.nodes }, (_, i) => `${i + 1}@127.0.0.1:${o.controllerBasePort + i}`);
  const port = o.basePort + node - 1;
  const copies = Math.min(3, o.nodes);
  return [
    'process.roles=broker,controller',
    `node.id=${node}`,
    `controller.quorum.voters=${voters.join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${o.controllerBasePort + node - 1}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    // The brokers' own topics (consumer offsets, transactions) survive a lost broker as the project's do.
    `default.replication.factor=${copies}`,
    `min.insync.replicas=${Math.min(2, copies)}`,
    `offsets.topic.replication.factor=${copies}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${copies}`,
    `transaction.state.log.min.isr=${Math.min(2, copies)}`,
    // Never let a replica that missed acknowledged messages become the leader.
    'unclean.leader.election.enable=false',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.cleaner.min.compaction.lag.ms=0',
  ].join('\n');
}

const LOG4J =
  'log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n';

/**
 * Real Kafka brokers on this machine (KRaft, each its own process, port and data folder), from the
 * jars `tools/infra up` fetched: one for a test that takes a broker down while the shared one stays
 * up, three for a cluster that keeps every acknowledged message through the loss of one
 * (`tools/infra cluster up`, the replication and chaos tests). A folder already formatted is used as
 * it is (a restart keeps the data).
 */
export async function startKafkaCluster(o: KafkaClusterOptions): Promise<KafkaCluster> {
  if (!existsSync(KAFKA_LIBS))
    throw new Error(`Kafka jars not found at ${KAFKA_LIBS}: run tools/infra up first`);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'kafka-cluster-'));
  mkdirSync(dir, { recursive: true });
  const cp = `${KAFKA_LIBS}/*`;
  const nodes = Array.from({ length: o.nodes }, (_, i) => i + 1);
  const folder = (n: number) => join(dir, `node-${n}`);
  const clusterId = existsSync(join(dir, 'cluster.id'))
    ? readFileSync(join(dir, 'cluster.id'), 'utf8').trim()
    : execFileSync('java', ['-cp', cp, 'kafka.tools.StorageTool', 'random-uuid'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n')
        .pop()!;
  writeFileSync(join(dir, 'cluster.id'), clusterId);
  for (const n of nodes) {
    mkdirSync(folder(n), { recursive: true });
    writeFileSync(join(folder(n), 'server.properties'), nodeProperties(o, n, join(folder(n), 'data')));
    writeFileSync(join(folder(n), 'log4j.properties'), LOG4J);
    if (!existsSync(join(folder(n), 'data', 'meta.properties')))
      execFileSync(
        'java',
        [
          '-cp',
          cp,
          `-Dlog4j.configuration=file:${join(folder(n), 'log4j.properties')}`,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          join(folder(n), 'server.properties'),
        ],
        { stdio: 'ignore' },
      );
  }

  const children = new Map<number, ChildProcess>();
  const pidFile = (n: number) => join(folder(n), 'kafka.pid');
  const pidOf = (n: number): number | null => {
    if (!o.detached) {
      const c = children.get(n);
      return c && c.exitCode === null && c.signalCode === null ? c.pid! : null;
    }
    if (!existsSync(pidFile(n))) return null;
    const pid = Number(readFileSync(pidFile(n), 'utf8'));
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  };
  const broker = (n: number) => `127.0.0.1:${o.basePort + n - 1}`;
  const answers = (n: number) =>
    waitForBroker(
      createKafka(
        { clientId: 'cluster-wait', brokers: [broker(n)], topicPrefix: '' },
        createLogger('kafka-cluster', 'silent'),
      ),
      90_000,
    );

  const launch = (n: number) => {
    if (pidOf(n) !== null) return;
    const log = openSync(join(folder(n), 'kafka.log'), 'a');
    const child = spawn(
      'java',
      [
        '-Xms128m',
        `-Xmx${o.heap ?? '384m'}`,
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${join(folder(n), 'log4j.properties')}`,
        '-cp',
        cp,
        'kafka.Kafka',
        join(folder(n), 'server.properties'),
      ],
      { stdio: ['ignore', log, log], detached: !!o.detached },
    );
    if (o.detached) {
      writeFileSync(pidFile(n), String(child.pid));
      child.unref();
    } else children.set(n, child);
  };
  const kill = async (n: number) => {
    const pid = pidOf(n);
    if (pid === null) return;
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && pidOf(n) !== null; i++) await new Promise((r) => setTimeout(r, 100));
    if (o.detached) rmSync(pidFile(n), { force: true });
  };
  const start = async (n: number) => {
    launch(n);
    await answers(n);
  };

  // The controllers need a majority of the quorum up before any of them answers: start all, then wait.
  for (const n of nodes) launch(n);
  try {
    await Promise.all(nodes.map((n) => answers(n)));
  } catch (e) {
    // None left behind: a cluster that did not start is stopped whole, with the end of each node's log.
    for (const n of nodes) await kill(n);
    const tails = nodes.map((n) => {
      const log = join(folder(n), 'kafka.log');
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15) : [];
      return `node ${n} (${broker(n)}):\n  ${lines.join('\n  ')}`;
    });
    throw new Error(`${(e as Error).message}\n${tails.join('\n')}`);
  }
  return {
    brokers: nodes.map(broker),
    broker,
    kill,
    start,
    running: (n) => pidOf(n) !== null,
    stop: async () => {
      for (const n of nodes) await kill(n);
      // A folder of its own (none was given) goes with it; a given one is the caller's.
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
