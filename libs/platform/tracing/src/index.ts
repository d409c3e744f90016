export {
  startTracing,
  stopTracing,
  WithoutPersonalData,
  type Tracing,
  type TracingOptions,
  type TracingSettings,
} from './start-tracing';
export {
  consumeInSpan,
  contextOf,
  CORRELATION_ATTRIBUTE,
  outboxTraceHeaders,
  produceInSpan,
  TRACE_HEADERS,
  traceHeaders,
  tracingActive,
  type TracedMessage,
} from './trace-context';
