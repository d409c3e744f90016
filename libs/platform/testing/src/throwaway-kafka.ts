import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createKafka, waitForBroker } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';

const ROOT = resolve(__dirname, '../../../..');
const LIBS =
  process.env.KAFKA_LIBS ?? join(process.env.INFRA_CACHE ?? join(ROOT, '.cache/infra'), 'kafka/libs');

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
 * down, so the shared one that other tests use stays up. Uses the jars `tools/infra up` fetched.
 */
export async function startThrowawayKafka(port: number, controllerPort: number): Promise<ThrowawayKafka> {
  if (!existsSync(LIBS)) throw new Error(`Kafka jars not found at ${LIBS}: run tools/infra up first`);
  const dir = mkdtempSync(join(tmpdir(), 'kafka-throwaway-'));
  const props = join(dir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
    ].join('\n'),
  );
  const cp = `${LIBS}/*`;
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    'log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n',
  );
  execFileSync(
    'java',
    [
      '-cp',
      cp,
      `-Dlog4j.configuration=file:${log4j}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      'AAAAAAAAAAAAAAAAAAAAAA',
      '-c',
      props,
    ],
    { stdio: 'ignore' },
  );

  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      'java',
      ['-Xms128m', '-Xmx384m', '-cp', cp, `-Dlog4j.configuration=file:${log4j}`, 'kafka.Kafka', props],
      { stdio: 'ignore' },
    );
    // Ready when the port accepts a connection and a metadata request would be answered.
    await waitForBroker(
      createKafka(
        { clientId: 'throwaway-wait', brokers: [`127.0.0.1:${port}`], topicPrefix: '' },
        createLogger('throwaway', 'silent'),
      ),
      60_000,
    );
  };
  const kill = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  };
  await start();
  return { brokers: [`127.0.0.1:${port}`], kill, restart: start, stop: kill };
}
