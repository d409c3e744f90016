import { startKafkaCluster } from './kafka-cluster';

export interface ThrowawayKafka {
  brokers: string[];
  /** Stops the broker abruptly (SIGKILL), as a crash or a pulled cable would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A second real Kafka broker (KRaft, its own port and data folder) for tests that take a broker
 * down, so the shared one that other tests use stays up: a cluster of one (`startKafkaCluster`).
 */
export async function startThrowawayKafka(port: number, controllerPort: number): Promise<ThrowawayKafka> {
  const cluster = await startKafkaCluster({ nodes: 1, basePort: port, controllerBasePort: controllerPort });
  return {
    brokers: cluster.brokers,
    kill: () => cluster.kill(1),
    restart: () => cluster.start(1),
    stop: () => cluster.stop(),
  };
}
