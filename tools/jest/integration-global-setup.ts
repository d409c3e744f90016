// Integration tests need the real infrastructure: say so clearly instead of timing out.
import { createConnection } from 'node:net';

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host, port, timeout: 1500 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const [host, port] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':');
  const checks = [
    ['Kafka', host, Number(port)],
    ['Redis', '127.0.0.1', 6379],
    ['Postgres', '127.0.0.1', 5432],
  ] as const;
  for (const [name, h, p] of checks) {
    if (!(await reachable(h, p)))
      throw new Error(
        `${name} is not reachable on ${h}:${p}. Start the infrastructure first: tools/infra up`,
      );
  }
}
