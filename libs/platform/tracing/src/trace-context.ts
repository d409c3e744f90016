import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { HEADERS } from '@city/contracts';

/**
 * What travels with a Kafka message, an outbox row or an HTTP call: the W3C trace context
 * (`traceparent`, and `tracestate` when a vendor put one).
 */
export const TRACE_HEADERS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

/** The tag every span of a request or a message carries, to find its traces in Zipkin by the correlation id of the logs. */
export const CORRELATION_ATTRIBUTE = 'correlation.id';

/**
 * Set by startTracing. While it is false (no TRACING_ZIPKIN_URL), every helper below is a plain
 * call: no span, no header, no context switch.
 */
let active = false;
export const tracingActive = (): boolean => active;
/** For startTracing and stopTracing only. */
export const setTracingActive = (on: boolean): void => {
  active = on;
};

const tracer = (): Tracer => trace.getTracer('@city/platform-tracing');

/**
 * The span of each message a consumer is handling, by the message's correlation id, so that an event
 * written to the outbox while handling a batch carries the trace of the message that caused it, not
 * the batch's.
 */
const CAUSES = createContextKey('city.tracing.causes');

const withoutEmpty = (headers: Record<string, string>): Record<string, string> | null =>
  headers[TRACE_HEADERS.traceparent] ? headers : null;

/** The trace context of `ctx` (the current one by default) as headers; empty when there is none or tracing is off. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  if (active) propagation.inject(ctx, headers);
  return headers;
}

/** The context a carrier of headers names (a Kafka message's, an outbox row's); the root context when none. */
export function contextOf(headers: Readonly<Record<string, string | undefined>>): Context {
  if (!active || !headers[TRACE_HEADERS.traceparent]) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers);
}

function fail(span: Span, e: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
}

const kafkaAttributes = (topic: string, correlationId: string | undefined, more: Attributes): Attributes => ({
  'messaging.system': 'kafka',
  'messaging.destination.name': topic,
  ...(correlationId ? { [CORRELATION_ATTRIBUTE]: correlationId } : {}),
  ...more,
});

/**
 * Sends one message in a PRODUCER span (`send <topic>`): a child of the trace context in `parent`
 * when it names one (an outbox row written earlier), else of the current context (the request or
 * message under way). `send` gets the headers that carry the span's context to the consumer. The
 * span ends when the broker acknowledged the message, or failed to.
 */
export function produceInSpan<T>(
  topic: string,
  o: { correlationId?: string; parent?: Readonly<Record<string, string>> },
  send: (traceHeaders: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (!active) return send({});
  const parent = o.parent?.[TRACE_HEADERS.traceparent] ? contextOf(o.parent) : context.active();
  const span = tracer().startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: kafkaAttributes(topic, o.correlationId, { 'messaging.operation.type': 'send' }),
    },
    parent,
  );
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  return send(headers).then(
    (result) => {
      span.end();
      return result;
    },
    (e: unknown) => {
      fail(span, e);
      span.end();
      throw e;
    },
  );
}

/** What a consumer span needs of a message. */
export interface TracedMessage {
  topic: string;
  partition: number;
  offset: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * Runs a consumer's handler in CONSUMER spans (`process <topic>`), one per message, each a child of
 * the context its producer put in the message's headers. One message: the handler runs in its span,
 * so what it does (queries, calls, events) joins the producer's trace. A batch: the handler runs in a
 * span of the batch (a trace of its own, linked to the messages); an event it writes to the outbox
 * still continues the trace of the message with its correlation id (outboxTraceHeaders). A span
 * whose handler throws is marked as failed; every attempt of a retried message has its own span.
 */
export function consumeInSpan<T>(
  group: string,
  messages: readonly TracedMessage[],
  work: () => Promise<T>,
): Promise<T> {
  if (!active || messages.length === 0) return work();
  const spans = messages.map((m) =>
    tracer().startSpan(
      `process ${m.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: kafkaAttributes(m.topic, m.headers[HEADERS.correlationId], {
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': group,
          'messaging.destination.partition.id': String(m.partition),
          'messaging.kafka.offset': Number(m.offset),
          ...(messages.length > 1 ? { 'messaging.batch.message_count': messages.length } : {}),
        }),
      },
      contextOf(m.headers),
    ),
  );
  const causes = new Map<string, Span>();
  messages.forEach((m, i) => {
    const correlationId = m.headers[HEADERS.correlationId];
    if (correlationId && !causes.has(correlationId)) causes.set(correlationId, spans[i]);
  });
  const batch =
    spans.length === 1
      ? null
      : tracer().startSpan(
          `process ${messages[0].topic} batch`,
          {
            kind: SpanKind.CONSUMER,
            root: true,
            links: spans.map((s) => ({ context: s.spanContext() })),
            attributes: kafkaAttributes(messages[0].topic, undefined, {
              'messaging.operation.type': 'process',
              'messaging.consumer.group.name': group,
              'messaging.batch.message_count': messages.length,
            }),
          },
          ROOT_CONTEXT,
        );
  const all = batch ? [batch, ...spans] : spans;
  const ctx = trace.setSpan(context.active(), batch ?? spans[0]).setValue(CAUSES, causes);
  return context.with(ctx, work).then(
    (result) => {
      for (const s of all) s.end();
      return result;
    },
    (e: unknown) => {
      for (const s of all) {
        fail(s, e);
        s.end();
      }
      throw e;
    },
  );
}

/**
 * The trace headers an outbox row keeps for an event, so that the relay publishes it in the trace of
 * the work that wrote it: the message with the same correlation id when a consumer handles a batch,
 * else the current context (an HTTP request, a message). Null when there is no trace (tracing off,
 * or work outside any request or message).
 */
export function outboxTraceHeaders(correlationId?: string): Record<string, string> | null {
  if (!active) return null;
  let ctx = context.active();
  const cause = correlationId
    ? (ctx.getValue(CAUSES) as Map<string, Span> | undefined)?.get(correlationId)
    : undefined;
  if (cause) ctx = trace.setSpan(ctx, cause);
  return withoutEmpty(traceHeaders(ctx));
}
