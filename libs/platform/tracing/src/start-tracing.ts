import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { CORRELATION_ATTRIBUTE, setTracingActive } from './trace-context';

/** The tracing settings of every service's config (`baseConfigSchema` of @city/platform-config). */
export interface TracingSettings {
  TRACING_ZIPKIN_URL?: string;
  TRACING_SAMPLE_RATIO: number;
}

export interface TracingOptions {
  /**
   * Patch node:http (incoming requests, outgoing http calls), fetch (undici) and pg so they make spans
   * (default true). The patches hook Node's own module loader: start tracing before the service's
   * modules load (each app's main.ts does). Under Jest, which loads modules its own way, pass false:
   * the Kafka and outbox spans and headers, which are the platform's own, work all the same.
   */
  instrument?: boolean;
  /** Where spans go instead of Zipkin (tests). */
  exporter?: SpanExporter;
}

export interface Tracing {
  readonly serviceName: string;
  /** Sends the spans that have ended and not yet been sent. */
  flush(): Promise<void>;
}

/** How often ended spans are sent: short, so a developer sees a request in Zipkin about a second later. */
const EXPORT_DELAY_MS = 1_000;
/** Probes and scrapes are not traced: they would bury the citizens' requests. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;
/** Span attributes that could hold personal data: the client's address, and URLs' query strings (an email or a phone look-up). */
const DROPPED_ATTRIBUTES = new Set([
  'url.query',
  'client.address',
  'network.peer.address',
  'net.peer.ip',
  'http.client_ip',
  'net.sock.peer.addr',
]);
const URL_ATTRIBUTES = new Set(['url.full', 'http.url', 'http.target']);

let running: Promise<Tracing> | null = null;
let stop: (() => Promise<void>) | null = null;

/**
 * Starts tracing for this process, once: spans of the service named `serviceName` go to Zipkin at
 * TRACING_ZIPKIN_URL, keeping TRACING_SAMPLE_RATIO of new traces (a request or message that arrives
 * with a trace follows its caller's choice). Without a Zipkin URL it does nothing and loads nothing
 * (null): the platform's Kafka and outbox helpers stay plain calls. A second call gets the tracing
 * already running, whatever service it names (one service per process, as in production; services
 * started together in one test process share the first one's name).
 *
 * What makes spans: incoming HTTP (named by the route Fastify matched, with the correlation id and a
 * `traceresponse` header on the answer), outgoing fetch and http calls (which carry `traceparent`),
 * Postgres queries made within a request or message, and Kafka messages sent and handled
 * (@city/platform-kafka). Query strings and client addresses are left out of every span.
 */
export function startTracing(
  serviceName: string,
  settings: TracingSettings,
  options: TracingOptions = {},
): Promise<Tracing | null> {
  if (!settings.TRACING_ZIPKIN_URL && !options.exporter) return Promise.resolve(null);
  running ??= start(serviceName, settings, options);
  return running;
}

/** Flushes and stops tracing, and takes the patches off (tests; a service's spans end with its process). */
export async function stopTracing(): Promise<void> {
  const s = stop;
  running = null;
  stop = null;
  await s?.();
}

async function start(
  serviceName: string,
  settings: TracingSettings,
  options: TracingOptions,
): Promise<Tracing> {
  // Loaded only here, so a service without tracing never loads the SDK.
  const [api, { AsyncLocalStorageContextManager }, core, sdk, { resourceFromAttributes }] = await Promise.all(
    [
      import('@opentelemetry/api'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/resources'),
    ],
  );
  const exporter =
    options.exporter ??
    new (await import('@opentelemetry/exporter-zipkin')).ZipkinExporter({
      url: settings.TRACING_ZIPKIN_URL,
      serviceName,
    });
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new sdk.ParentBasedSampler({
      root: new sdk.TraceIdRatioBasedSampler(settings.TRACING_SAMPLE_RATIO),
    }),
    spanProcessors: [
      new sdk.BatchSpanProcessor({
        exporter: new WithoutPersonalData(exporter),
        scheduledDelayMillis: EXPORT_DELAY_MS,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  api.context.setGlobalContextManager(contextManager);
  api.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);

  const undo: Array<() => void> = [];
  if (options.instrument ?? true) undo.push(await instrument(provider), nameServerSpansByRoute(api));
  setTracingActive(true);
  stop = async () => {
    setTracingActive(false);
    for (const u of undo) u();
    await provider.shutdown().catch(() => undefined);
    api.trace.disable();
    api.propagation.disable();
    api.context.disable();
  };
  return { serviceName, flush: () => provider.forceFlush() };
}

/** Incoming and outgoing HTTP, fetch and Postgres: the three instrumentations the services need, and no more. */
async function instrument(provider: import('@opentelemetry/api').TracerProvider): Promise<() => void> {
  const [
    { registerInstrumentations },
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { PgInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const undo = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED_PATHS.test(req.url ?? ''),
      }),
      // fetch: through Node's diagnostics channels, whenever undici was loaded.
      new UndiciInstrumentation(),
      // Only queries of a request or a message: the outbox relay's and the timers' polling would
      // otherwise make a trace of their own several times a second.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  // A module is patched when it is next required. The config's modules loaded http and https
  // already: require them now. (pg is required again by TypeORM when the data source starts.)
  await Promise.all([import('node:http'), import('node:https')]);
  return undo;
}

interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (
      req: { id: string; method: string; routeOptions: { url?: string } },
      reply: { header(name: string, value: string): unknown },
      done: () => void,
    ) => void,
  ): unknown;
}

/**
 * Every Fastify app made from now on (Fastify announces each on a diagnostics channel) names the
 * incoming request's span by its route (`POST /api/v1/requests`, never the URL with its values),
 * tags it with the correlation id (the request id) and answers with `traceresponse`
 * (`00-<trace id>-<span id>-<flags>`, W3C Trace Context level 2), so a caller can open the trace.
 */
function nameServerSpansByRoute(api: typeof import('@opentelemetry/api')): () => void {
  const onApp = (message: unknown) => {
    const fastify = (message as { fastify?: FastifyLike }).fastify;
    fastify?.addHook('onRequest', (req, reply, done) => {
      const span = api.trace.getActiveSpan();
      const ctx = span?.spanContext();
      if (span && ctx && api.isSpanContextValid(ctx)) {
        const route = req.routeOptions.url;
        if (route) {
          span.updateName(`${req.method} ${route}`);
          span.setAttribute('http.route', route);
        }
        span.setAttribute(CORRELATION_ATTRIBUTE, req.id);
        reply.header('traceresponse', `00-${ctx.traceId}-${ctx.spanId}-0${ctx.traceFlags & 1}`);
      }
      done();
    });
  };
  subscribe('fastify.initialization', onApp);
  return () => unsubscribe('fastify.initialization', onApp);
}

/** Passes spans on without the attributes that could name a citizen (see DROPPED_ATTRIBUTES). */
export class WithoutPersonalData implements SpanExporter {
  constructor(private readonly next: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.next.export(spans.map(withoutPersonalData), done);
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush?.() ?? Promise.resolve();
  }
}

function withoutPersonalData(span: ReadableSpan): ReadableSpan {
  const keys = Object.keys(span.attributes);
  if (!keys.some((k) => DROPPED_ATTRIBUTES.has(k) || URL_ATTRIBUTES.has(k))) return span;
  const attributes: Attributes = {};
  for (const k of keys) {
    const v = span.attributes[k];
    if (DROPPED_ATTRIBUTES.has(k)) continue;
    attributes[k] = URL_ATTRIBUTES.has(k) && typeof v === 'string' ? v.split('?')[0] : v;
  }
  // The span as it was (its methods too), with these attributes instead.
  return Object.create(span, { attributes: { value: attributes, enumerable: true } }) as ReadableSpan;
}
