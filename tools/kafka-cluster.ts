// A three-broker Kafka cluster on this machine (tools/infra cluster up|down|status): three KRaft
// nodes, each broker and controller, their own ports (29092-29094 for clients) and data folders
// under .cache/infra/kafka-cluster, from the jars tools/infra up fetched; then every platform topic
// with three copies and min.insync.replicas=2. The single broker of `npm run up` is not touched.
// Settings: KAFKA_CLUSTER_PORT (29092), KAFKA_CLUSTER_CONTROLLER_PORT (29192), KAFKA_CLUSTER_HEAP
// (384m), KAFKA_TOPIC_PREFIX.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allTopicSpecs } from '@city/contracts';
import { createKafka, ensureTopics } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { startKafkaCluster } from '@city/platform-testing';

const ROOT = resolve(__dirname, '..');
const DIR = join(process.env.INFRA_CACHE ?? join(ROOT, '.cache/infra'), 'kafka-cluster');
const NODES = 3;
const options = {
  nodes: NODES,
  basePort: Number(process.env.KAFKA_CLUSTER_PORT ?? 29092),
  controllerBasePort: Number(process.env.KAFKA_CLUSTER_CONTROLLER_PORT ?? 29192),
  heap: process.env.KAFKA_CLUSTER_HEAP ?? '384m',
  dir: DIR,
  detached: true,
};
const log = (m: string) => console.log(`[infra] ${m}`);

async function main(command: string | undefined) {
  switch (command) {
    case 'up': {
      const cluster = await startKafkaCluster(options);
      const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
      const kafka = createKafka(
        { clientId: 'kafka-cluster', brokers: cluster.brokers, topicPrefix: prefix },
        createLogger('kafka-cluster', 'warn'),
      );
      const created = await ensureTopics(kafka, allTopicSpecs(prefix), {
        replicationFactor: 3,
        minInsyncReplicas: 2,
      });
      log(`kafka cluster: running on ${cluster.brokers.join(',')} (data and logs: ${DIR})`);
      log(
        created.length
          ? `created topics (3 copies, min.insync.replicas=2): ${created.length}`
          : 'all topics exist',
      );
      log(`services use it with KAFKA_BROKERS=${cluster.brokers.join(',')}`);
      return;
    }
    case 'down':
    case 'status': {
      const pids = Array.from({ length: NODES }, (_, i) => join(DIR, `node-${i + 1}`, 'kafka.pid'))
        .filter((f) => existsSync(f))
        .map((f) => Number(readFileSync(f, 'utf8')));
      const alive = pids.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      if (command === 'status') {
        log(`kafka cluster: ${alive.length} of ${NODES} brokers running`);
        return;
      }
      if (alive.length === 0) return log('kafka cluster is not running');
      // All asked to stop at once (SIGTERM), while the quorum still stands: a node left alone cannot
      // finish a clean shutdown. Whatever still runs after 30 s is killed.
      const isAlive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (const pid of alive) process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 30_000;
      while (alive.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const killed = alive.filter(isAlive);
      for (const pid of killed) process.kill(pid, 'SIGKILL');
      if (killed.length) log(`kafka cluster: ${killed.length} did not stop in 30 s; killed`);
      log(`kafka cluster: stopped ${alive.length} brokers`);
      return;
    }
    default:
      throw new Error('usage: tools/kafka-cluster.ts up|down|status');
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`[infra] ${e.message}`);
    process.exit(1);
  },
);
