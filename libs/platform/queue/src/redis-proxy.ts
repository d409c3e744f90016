// A test aid, exported for the services' tests (through platform-testing) and this library's own.
import { connect, createServer, type Socket } from 'node:net';

/**
 * The real Redis behind a TCP proxy that only the test uses: `cut` takes Redis away from whatever
 * connects through it (and from nobody else; the shared server is never touched), `open` brings it back.
 */
export async function redisProxy(redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () => new Promise<void>((r) => (server.close(() => r()), sockets.forEach((s) => s.destroy()))),
    open: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
  };
}
