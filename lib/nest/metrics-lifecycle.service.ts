import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { collectDefaultMetrics } from '../collectors';
import { claimMetric, type MetricDeclaration, type MetricFor, type Registry } from '../core';
import {
  type HttpServerHandle,
  sendsMergedView,
  startHttpServer,
  startOtlpPush,
  startRemoteWrite,
} from '../export';
import type { HttpMetrics } from '../http-metrics';
import { DecoratedMethodsBinder } from './decorated-methods.binder';
import type { ResolvedMetricsOptions } from './interfaces';
import { METRICS_HTTP_RECORDER, METRICS_MODULE_OPTIONS } from './metrics.constants';
import { bindMetricsBinders } from './metrics-binder';

/**
 * Everything one app holds in its registry, started when the module starts
 * and let go when the app closes: declared metrics, HTTP metrics, default
 * metrics, the separate metrics server, the binding of decorated methods. So
 * an app closed and created again in one process starts from zero, and a
 * closed app leaves nothing counting.
 */
@Injectable()
export class MetricsLifecycle implements OnModuleInit, OnModuleDestroy {
  private readonly stops: (() => unknown)[] = [];
  private server: HttpServerHandle | undefined;

  constructor(
    @Inject(METRICS_MODULE_OPTIONS) private readonly options: ResolvedMetricsOptions,
    @Inject(DecoratedMethodsBinder) private readonly decorated: DecoratedMethodsBinder,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Optional() @Inject(METRICS_HTTP_RECORDER) httpMetrics?: HttpMetrics,
  ) {
    if (httpMetrics) this.stops.push(() => httpMetrics.close());
  }

  /** The registry the app's metrics live in. */
  get registry(): Registry<any> {
    return this.options.registry;
  }

  /** The separate metrics server, when the `port` option asked for one. */
  get metricsServer(): HttpServerHandle | undefined {
    return this.server;
  }

  /** The declared metric in the app's registry, held until the app closes. */
  claim<const D extends MetricDeclaration<any>>(declaration: D, declaredBy: string): MetricFor<D> {
    const held = claimMetric(this.options.registry, declaration, declaredBy);
    this.stops.push(() => held.release());
    return held.metric;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      // Nest does not destroy a module whose start failed: let go of what was taken so far.
      await this.onModuleDestroy();
      throw error;
    }
  }

  private async start(): Promise<void> {
    const { registry, defaultLabels, defaultMetrics, prefix } = this.options;
    if (defaultLabels) registry.setDefaultLabels(defaultLabels);
    if (defaultMetrics !== false) {
      const config = typeof defaultMetrics === 'object' ? defaultMetrics : {};
      const defaults = collectDefaultMetrics({ prefix, ...config, register: registry });
      this.stops.push(() => defaults.stop());
    }
    // Every provider of the app exists now, so its decorated methods can be listed and bound.
    this.stops.push(this.decorated.bindAll(registry));
    this.stops.push(bindMetricsBinders(this.discovery, registry));
    if (this.options.port !== undefined) {
      // Every server option of the module's is the server's own: none is picked, so none is left out.
      const server = await startHttpServer({ ...this.options, registry: this.options.scraped });
      this.server = server;
      this.stops.push(() => server.close());
    }
    const { remoteWrite, aggregated, scraped } = this.options;
    if (remoteWrite !== undefined && (aggregated === undefined || sendsMergedView())) {
      const sending = startRemoteWrite({ ...remoteWrite, registry: scraped });
      this.stops.push(() => sending.stop());
    }
    // Pushes what the endpoint serves (with aggregated, from the process that merges the view only, as
    // Remote Write does); the last collection goes out when the app closes.
    const { otlp } = this.options;
    if (otlp !== undefined && (aggregated === undefined || sendsMergedView())) {
      const push = startOtlpPush({ ...otlp, registry: scraped });
      this.stops.push(() => push.stop());
    }
  }

  async onModuleDestroy(): Promise<void> {
    const stops = this.stops.splice(0).reverse();
    for (const stop of stops) await stop();
    this.server = undefined;
  }
}
