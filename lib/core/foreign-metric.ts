import type { MetricFamily } from '../model';
import type { Collector } from './collector';
import type { MetricObjectWithValues, MetricValue } from './metric-object';
import { familyOfMetricObject } from './metric-object-family';
import type { RegisteredMetric } from './registered-metric';

/**
 * A metric of another library with prom-client's public metric API (prom-client
 * itself, or a package built on it that registers its metrics into the registry
 * it is given): a `name` and an async `get()` in prom-client's shape.
 */
export interface ForeignMetric {
  /** prom-client registers a metric without one under the name its get() gives. */
  readonly name?: string;
  get(): Promise<MetricObjectWithValues<MetricValue<string>>> | MetricObjectWithValues<MetricValue<string>>;
  reset?(): void;
}

/** True for a metric that is not promkit's own but offers prom-client's `get()`. */
export function isForeignMetric(metric: unknown): boolean {
  if (metric === null || typeof metric !== 'object') return false;
  const m = metric as Partial<RegisteredMetric> & { get?: unknown };
  return typeof m.familyName !== 'string' && typeof m.get === 'function';
}

/**
 * Scrapes a foreign metric through its `get()`. The registry treats it as an
 * untrusted collector: what it returns is checked, and a failure leaves it out
 * of the scrape without touching the other metrics.
 */
export class ForeignMetricCollector implements Collector {
  constructor(readonly metric: ForeignMetric) {}

  async collect(): Promise<MetricFamily[]> {
    const json = await this.metric.get();
    // prom-client writes a metric without values as its HELP and TYPE lines alone.
    return [
      familyOfMetricObject({
        ...json,
        name: json.name ?? String(this.metric.name),
        values: json.values ?? [],
      }),
    ];
  }

  describe(): readonly string[] {
    return typeof this.metric.name === 'string' ? [this.metric.name] : [];
  }
}
