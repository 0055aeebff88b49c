import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type HttpServerHandle, startHttpServer } from '../export';
import { DecoratedMethodsBinder } from './decorated-methods.binder';
import { acquireDefaultMetrics } from './default-metrics';
import { METRICS_MODULE_OPTIONS } from './metrics.constants';
import type { ResolvedMetricsOptions } from './resolved-options';

/**
 * Starts what the module owns (default metrics, the separate metrics server,
 * decorated-method bindings) and stops exactly that when the app closes, so
 * apps can be closed and created again in one process.
 */
@Injectable()
export class MetricsLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly stops: (() => unknown)[] = [];
  private server: HttpServerHandle | undefined;

  constructor(
    @Inject(METRICS_MODULE_OPTIONS) private readonly options: ResolvedMetricsOptions,
    @Inject(DecoratedMethodsBinder) private readonly decorated: DecoratedMethodsBinder,
  ) {}

  /** The separate metrics server, when the `port` option asked for one. */
  get metricsServer(): HttpServerHandle | undefined {
    return this.server;
  }

  async onModuleInit(): Promise<void> {
    const { registry, defaultLabels, defaultMetrics, prefix } = this.options;
    if (defaultLabels) registry.setDefaultLabels(defaultLabels);
    if (defaultMetrics !== false) {
      const config = typeof defaultMetrics === 'object' ? defaultMetrics : {};
      this.stops.push(acquireDefaultMetrics(registry, { prefix, ...config }));
    }
    if (this.options.port !== undefined) {
      const server = await startHttpServer({
        port: this.options.port,
        host: this.options.host,
        registry,
        path: this.options.path,
        auth: this.options.auth,
        gzip: this.options.gzip,
        openMetrics: this.options.openMetrics,
      });
      this.server = server;
      this.stops.push(() => server.close());
    }
  }

  onApplicationBootstrap(): void {
    // After every module's init: providers are built, so their decorated methods can be bound.
    this.stops.push(this.decorated.bindAll(this.options.registry));
  }

  async onModuleDestroy(): Promise<void> {
    const stops = this.stops.splice(0).reverse();
    for (const stop of stops) await stop();
    this.server = undefined;
  }
}
