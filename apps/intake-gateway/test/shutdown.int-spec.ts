import { randomUUID } from 'node:crypto';
import type { RequestReceivedV1 } from '@city/contracts';
import { json, pothole, startGateway, type Harness } from './gateway.harness';

/** Shutting down under load drains: every request that was answered 202 is on Kafka. */
describe('graceful shutdown of the gateway (real Kafka)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway();
  }, 90_000);
  afterAll(async () => h?.close());

  it('closing while 200 requests are in flight loses none that were accepted', async () => {
    const marker = randomUUID();
    let firstAnswered!: () => void;
    const serving = new Promise<void>((r) => (firstAnswered = r));
    const inFlight = Array.from({ length: 200 }, (_, i) =>
      fetch(
        `${h.url}/api/v1/requests`,
        json(pothole(`${marker}-${i}`), { 'idempotency-key': `shutdown-${marker}-${i}` }),
      )
        .then(
          async (r) => (
            firstAnswered(),
            {
              status: r.status,
              reference: r.status === 202 ? ((await r.json()) as { reference: string }).reference : null,
            }
          ),
        )
        .catch(() => ({ status: 0, reference: null })),
    );
    await serving; // requests are being served; the rest are in flight or queued
    const t0 = Date.now();
    const closing = h.app.close();
    const results = await Promise.all(inFlight);
    await closing;
    expect(Date.now() - t0).toBeLessThan(h.config.SHUTDOWN_GRACE_MS);
    const accepted = results.filter((r) => r.status === 202).map((r) => r.reference!);
    expect(accepted.length).toBeGreaterThan(1);
    // Nothing in between: a request was either accepted, refused while draining, or never reached us.
    for (const r of results) expect([0, 202, 503]).toContain(r.status);
    for (const ref of accepted) {
      await h.intake.waitFor((m) => m.json<RequestReceivedV1>().payload.reference === ref, 15_000);
    }
  }, 60_000);
});
