import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricName } from './metric-names';

type Labels<L extends string> = readonly L[];

/**
 * One service's metrics: a registry of its own (several services may run in one test process), the
 * `service` label on every series, Node's process metrics, and the platform's metrics made once by
 * name, so every module that counts the same thing shares one series.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(
    readonly service: string,
    /** Off: nothing is counted and `/metrics` is not served (for measuring what metrics cost). */
    readonly enabled = true,
  ) {
    this.registry.setDefaultLabels({ service });
    if (enabled) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(name: MetricName, help: string, labelNames: Labels<L>): Counter<L> {
    const known = this.registry.getSingleMetric(name);
    if (known) return known as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(
    name: MetricName,
    help: string,
    labelNames: Labels<L>,
    collect?: (gauge: Gauge<L>) => Promise<void> | void,
  ): Gauge<L> {
    const known = this.registry.getSingleMetric(name);
    if (known) return known as Gauge<L>;
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect
        ? {
            collect() {
              return collect(this);
            },
          }
        : {}),
    });
  }

  histogram<L extends string>(
    name: MetricName,
    help: string,
    labelNames: Labels<L>,
    buckets: number[],
  ): Histogram<L> {
    const known = this.registry.getSingleMetric(name);
    if (known) return known as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** The text Prometheus scrapes. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
