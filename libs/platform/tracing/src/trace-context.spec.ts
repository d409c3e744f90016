import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { HEADERS } from '@city/contracts';
import { startTracing, stopTracing, type Tracing } from './start-tracing';
import {
  consumeInSpan,
  outboxTraceHeaders,
  produceInSpan,
  traceHeaders,
  tracingActive,
  type TracedMessage,
} from './trace-context';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const parts = (traceparent: string | undefined) => {
  const m = TRACEPARENT.exec(traceparent ?? '');
  if (!m) throw new Error(`not a traceparent: ${traceparent}`);
  return { traceId: m[1], spanId: m[2] };
};
const message = (headers: Record<string, string>, offset = '7'): TracedMessage => ({
  topic: 'intake.requests.v1',
  partition: 2,
  offset,
  headers,
});

describe('trace context on Kafka messages and outbox rows', () => {
  describe('with tracing off (no TRACING_ZIPKIN_URL)', () => {
    it('starts nothing, and every helper is a plain call that adds no header', async () => {
      expect(await startTracing('case-service', { TRACING_SAMPLE_RATIO: 1 })).toBeNull();
      expect(tracingActive()).toBe(false);
      let sentWith: Record<string, string> | null = null;
      await produceInSpan('case.events.v1', { correlationId: 'c-1' }, async (h) => void (sentWith = h));
      expect(sentWith).toEqual({});
      const inside = await consumeInSpan(
        'group',
        [message({ traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` })],
        async () => ({
          span: trace.getActiveSpan(),
          outbox: outboxTraceHeaders('c-1'),
        }),
      );
      expect(inside).toEqual({ span: undefined, outbox: null });
      expect(traceHeaders()).toEqual({});
    });
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: Tracing;
    const ended = async (): Promise<ReadableSpan[]> => {
      await tracing.flush();
      return exporter.getFinishedSpans();
    };
    const tracer = () => trace.getTracer('test');

    beforeAll(async () => {
      tracing = (await startTracing(
        'intake-gateway',
        { TRACING_SAMPLE_RATIO: 1 },
        { exporter, instrument: false },
      ))!;
    });
    afterAll(() => stopTracing());
    beforeEach(async () => {
      await tracing.flush();
      exporter.reset();
    });

    it('starts once per process: a second start gets the tracing already running', async () => {
      const again = await startTracing(
        'case-service',
        { TRACING_SAMPLE_RATIO: 1 },
        { exporter, instrument: false },
      );
      expect(again).toBe(tracing);
      expect(again?.serviceName).toBe('intake-gateway');
    });

    it('a message sent within a request carries the trace: traceparent names the PRODUCER span, a child of the request', async () => {
      const request = tracer().startSpan('POST /api/v1/requests', { kind: SpanKind.SERVER });
      let headers: Record<string, string> = {};
      await context.with(trace.setSpan(context.active(), request), () =>
        produceInSpan('intake.requests.v1', { correlationId: 'corr-1' }, async (h) => void (headers = h)),
      );
      request.end();
      const sent = parts(headers.traceparent);
      expect(sent.traceId).toBe(request.spanContext().traceId);
      const spans = await ended();
      const producer = spans.find((s) => s.kind === SpanKind.PRODUCER)!;
      expect(producer.name).toBe('send intake.requests.v1');
      expect(producer.spanContext().spanId).toBe(sent.spanId);
      expect(producer.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(producer.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': 'intake.requests.v1',
        'correlation.id': 'corr-1',
      });
    });

    it('the span of a message Kafka refused is marked failed, and the error reaches the caller', async () => {
      await expect(
        produceInSpan('intake.requests.v1', {}, () => Promise.reject(new Error('broker away'))),
      ).rejects.toThrow('broker away');
      const [producer] = await ended();
      expect(producer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker away' });
    });

    it("an outbox row's trace context wins over the relay's own: the event joins the trace of the transaction that wrote it", async () => {
      const writer = tracer().startSpan('process intake.requests.v1');
      const row = traceHeaders(trace.setSpan(context.active(), writer));
      writer.end();
      const relayLoop = tracer().startSpan('relay');
      let headers: Record<string, string> = {};
      await context.with(trace.setSpan(context.active(), relayLoop), () =>
        produceInSpan('case.events.v1', { parent: row }, async (h) => void (headers = h)),
      );
      relayLoop.end();
      expect(parts(headers.traceparent).traceId).toBe(writer.spanContext().traceId);
      const producer = (await ended()).find((s) => s.kind === SpanKind.PRODUCER)!;
      expect(producer.parentSpanContext?.spanId).toBe(writer.spanContext().spanId);
    });

    it('a consumed message is handled in a CONSUMER span, the child of its producer; what it writes to the outbox continues that trace', async () => {
      let headers: Record<string, string> = {};
      await produceInSpan(
        'intake.requests.v1',
        {},
        async (h) => void (headers = { ...h, [HEADERS.correlationId]: 'corr-2' }),
      );
      const sent = parts(headers.traceparent);
      const outbox = await consumeInSpan('case-service.intake', [message(headers)], async () =>
        outboxTraceHeaders('corr-2'),
      );
      const spans = await ended();
      const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER)!;
      expect(consumer.name).toBe('process intake.requests.v1');
      expect(consumer.spanContext().traceId).toBe(sent.traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(sent.spanId);
      expect(consumer.attributes).toMatchObject({
        'messaging.consumer.group.name': 'case-service.intake',
        'messaging.destination.partition.id': '2',
        'messaging.kafka.offset': 7,
        'correlation.id': 'corr-2',
      });
      expect(parts(outbox?.traceparent)).toEqual({
        traceId: sent.traceId,
        spanId: consumer.spanContext().spanId,
      });
    });

    it("keeps the producer's tracestate", async () => {
      const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
      const outbox = await consumeInSpan('g', [message({ traceparent, tracestate: 'city=abc' })], async () =>
        outboxTraceHeaders(),
      );
      expect(outbox?.tracestate).toBe('city=abc');
      expect(parts(outbox?.traceparent).traceId).toBe('1'.repeat(32));
    });

    it("a batch: one span per message in its producer's trace, and each event written goes on in the trace of the message with its correlation id", async () => {
      const a = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
      const b = `00-${'b'.repeat(32)}-${'2'.repeat(16)}-01`;
      const written = await consumeInSpan(
        'workflow-service.cases',
        [
          message({ traceparent: a, [HEADERS.correlationId]: 'corr-a' }, '1'),
          message({ traceparent: b, [HEADERS.correlationId]: 'corr-b' }, '2'),
        ],
        async () => ({
          a: outboxTraceHeaders('corr-a'),
          b: outboxTraceHeaders('corr-b'),
          other: outboxTraceHeaders('corr-unknown'),
          active: trace.getActiveSpan()?.spanContext().traceId,
        }),
      );
      const spans = await ended();
      const perMessage = spans.filter((s) => s.name === 'process intake.requests.v1');
      const batch = spans.find((s) => s.name === 'process intake.requests.v1 batch')!;
      expect(perMessage.map((s) => s.spanContext().traceId).sort()).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
      expect(parts(written.a?.traceparent).traceId).toBe('a'.repeat(32));
      expect(parts(written.b?.traceparent).traceId).toBe('b'.repeat(32));
      // The batch's own work (its queries) is a trace of its own, linked to every message.
      expect(batch.parentSpanContext).toBeUndefined();
      expect(written.active).toBe(batch.spanContext().traceId);
      expect(parts(written.other?.traceparent).traceId).toBe(batch.spanContext().traceId);
      expect(batch.links.map((l) => l.context.traceId).sort()).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    });

    it('a handler that throws marks its spans failed and the consumer gets the error (each retry is a span of its own)', async () => {
      await expect(
        consumeInSpan('g', [message({})], () => Promise.reject(new Error('database away'))),
      ).rejects.toThrow('database away');
      await consumeInSpan('g', [message({})], async () => undefined);
      const [failed, passed] = await ended();
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(passed.status.code).toBe(SpanStatusCode.UNSET);
      // A message without a trace starts one.
      expect(failed.parentSpanContext).toBeUndefined();
    });

    it('work outside any request or message writes no trace context to the outbox', () => {
      expect(outboxTraceHeaders('corr-x')).toBeNull();
    });
  });
});
