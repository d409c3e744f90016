export { METRICS, type MetricName } from './metric-names';
export { Metrics } from './metrics';
export { MetricsModule } from './metrics.module';
export { METRICS_PATH, useMetrics, type ChannelOfRoute, type MetricsEndpointOptions } from './http-metrics';
