import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemorySpanExporter, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { baseConfigSchema, ConfigError, loadConfig } from '@city/platform-config';
import { WithoutPersonalData } from './start-tracing';

describe('tracing settings (base config)', () => {
  it('are off by default, with every new trace kept once on', () => {
    const c = loadConfig(baseConfigSchema, {});
    expect(c.TRACING_ZIPKIN_URL).toBeUndefined();
    expect(c.TRACING_SAMPLE_RATIO).toBe(1);
    expect(loadConfig(baseConfigSchema, { TRACING_ZIPKIN_URL: '' }).TRACING_ZIPKIN_URL).toBeUndefined();
    expect(
      loadConfig(baseConfigSchema, {
        TRACING_ZIPKIN_URL: 'http://127.0.0.1:9411/api/v2/spans',
        TRACING_SAMPLE_RATIO: '0.25',
      }),
    ).toMatchObject({ TRACING_ZIPKIN_URL: 'http://127.0.0.1:9411/api/v2/spans', TRACING_SAMPLE_RATIO: 0.25 });
  });

  it('refuse a URL that is not http(s) and a ratio outside 0..1, by name', () => {
    try {
      loadConfig(baseConfigSchema, { TRACING_ZIPKIN_URL: 'zipkin:9411', TRACING_SAMPLE_RATIO: '1.5' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('TRACING_ZIPKIN_URL');
      expect(problems).toContain('TRACING_SAMPLE_RATIO');
    }
  });
});

describe('WithoutPersonalData', () => {
  const exported = async (attributes: Record<string, string>): Promise<ReadableSpan> => {
    const provider = new TracerProvider();
    const span = provider.getTracer('t').startSpan('GET /api/v1/requests/:reference', {
      kind: SpanKind.SERVER,
      attributes,
    });
    span.end();
    const inner = new InMemorySpanExporter();
    const result = await new Promise<number>((done) =>
      new WithoutPersonalData(inner).export([span as unknown as ReadableSpan], (r) => done(r.code)),
    );
    expect(result).toBe(ExportResultCode.SUCCESS);
    return inner.getFinishedSpans()[0];
  };

  it("leaves out query strings (an email or phone look-up) and the client's address, and keeps the rest", async () => {
    const span = await exported({
      'url.full': 'http://127.0.0.1:3001/api/v1/requests/ABC?email=sam%40example.org',
      'url.query': 'email=sam%40example.org',
      'http.target': '/api/v1/requests/ABC?phone=0612345678',
      'client.address': '203.0.113.9',
      'network.peer.address': '203.0.113.9',
      'http.route': '/api/v1/requests/:reference',
    });
    expect(span.attributes).toEqual({
      'url.full': 'http://127.0.0.1:3001/api/v1/requests/ABC',
      'http.target': '/api/v1/requests/ABC',
      'http.route': '/api/v1/requests/:reference',
    });
    // Still the span it was: its context and name.
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.name).toBe('GET /api/v1/requests/:reference');
  });
});
