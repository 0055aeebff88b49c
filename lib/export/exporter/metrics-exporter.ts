import {
  Counter,
  Gauge,
  getDefaultRegistry,
  getOrCreateMetric,
  Histogram,
  type MetricDeclaration,
  type RegisteredMetric,
  type Registry,
  Summary,
} from '../../core';
import { type HttpServerHandle, type HttpServerOptions, startHttpServer } from '../http';
import type { ExportLogger } from '../logger';

export interface MetricsExporterOptions {
  readonly registry?: Registry<any>;
  /** Receives one warning per metric name that is misused; default console. */
  readonly logger?: ExportLogger;
}

export interface MetricsExporterStartOptions
  extends MetricsExporterOptions,
    Omit<HttpServerOptions, 'registry'> {
  readonly port: number;
}

type Labels = Record<string, string | number>;

type Kind = 'counter' | 'gauge' | 'histogram' | 'summary';

const KIND_CLASS = { counter: Counter, gauge: Gauge, histogram: Histogram, summary: Summary } as const;

/**
 * A quick start: register metrics by name and update them by name, with an
 * optional scrape server. Mistakes (unknown names, wrong types, bad labels
 * or values) are reported once per name through the logger and otherwise
 * ignored, so instrumentation can never break the program it observes.
 */
export class MetricsExporter {
  readonly registry: Registry<any>;
  private readonly logger: ExportLogger;
  private readonly metrics = new Map<string, RegisteredMetric>();
  private readonly warned = new Set<string>();
  private server: HttpServerHandle | undefined;

  constructor(options: MetricsExporterOptions = {}) {
    this.registry = options.registry ?? getDefaultRegistry();
    this.logger = options.logger ?? console;
  }

  /** Creates an exporter and serves its registry; the server keeps the process alive unless `keepAlive: false`. */
  static async start(options: MetricsExporterStartOptions): Promise<MetricsExporter> {
    const exporter = new MetricsExporter(options);
    exporter.server = await startHttpServer({ ...options, registry: exporter.registry });
    return exporter;
  }

  /** The scrape URL when started with a server. */
  get url(): string | undefined {
    return this.server?.url;
  }

  get port(): number | undefined {
    return this.server?.port;
  }

  registerCounter(name: string, help: string, labelNames: readonly string[] = []): boolean {
    return this.register({ type: 'counter', name, help, labelNames });
  }

  registerGauge(name: string, help: string, labelNames: readonly string[] = []): boolean {
    return this.register({ type: 'gauge', name, help, labelNames });
  }

  registerHistogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets?: number[],
  ): boolean {
    return this.register({ type: 'histogram', name, help, labelNames, buckets });
  }

  registerSummary(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    percentiles?: number[],
  ): boolean {
    return this.register({ type: 'summary', name, help, labelNames, percentiles });
  }

  incCounter(name: string, labels: Labels = {}, value = 1): void {
    this.update(name, 'counter', (c: Counter) => c.inc(labels, value));
  }

  setGauge(name: string, value: number, labels: Labels = {}): void {
    this.update(name, 'gauge', (g: Gauge) => g.set(labels, value));
  }

  observeHistogram(name: string, value: number, labels: Labels = {}): void {
    this.update(name, 'histogram', (h: Histogram) => h.observe(labels, value));
  }

  observeSummary(name: string, value: number, labels: Labels = {}): void {
    this.update(name, 'summary', (s: Summary) => s.observe(labels, value));
  }

  /** Stops the server, if any; the metrics stay registered. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  /**
   * Registering a name again with the same definition is harmless and gives
   * the same metric, as anywhere in promkit; another definition is refused.
   */
  private register(declaration: MetricDeclaration): boolean {
    const { name, type } = declaration;
    try {
      this.metrics.set(
        name,
        getOrCreateMetric(this.registry, declaration, `MetricsExporter.register${capitalised(type as Kind)}`),
      );
      return true;
    } catch (error) {
      this.warnOnce(name, `cannot register metric "${name}": ${reasonOf(error)}`);
      return false;
    }
  }

  private update<M>(name: string, kind: Kind, apply: (metric: M) => void): void {
    const metric = this.metrics.get(name);
    if (metric === undefined) {
      this.warnOnce(
        name,
        `metric "${name}" was never registered (register${capitalised(kind)} it first); update ignored`,
      );
      return;
    }
    if (!(metric instanceof KIND_CLASS[kind])) {
      this.warnOnce(name, `metric "${name}" is a ${metric.type}, not a ${kind}; update ignored`);
      return;
    }
    try {
      apply(metric as M);
    } catch (error) {
      this.warnOnce(name, `cannot update metric "${name}": ${reasonOf(error)}`);
    }
  }

  private warnOnce(name: string, message: string): void {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    try {
      this.logger.warn(`promkit MetricsExporter: ${message}`);
    } catch {
      // A broken logger must not turn a warning into a crash of the app.
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalised(kind: Kind): string {
  return kind[0].toUpperCase() + kind.slice(1);
}
