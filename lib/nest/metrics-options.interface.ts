import type { CanActivate, ModuleMetadata, Type } from '@nestjs/common';
import type { ExemplarsOption, Registry } from '../core';
import type { MetricsAuth } from '../export';
import type { DefaultMetricsOptions } from './default-metrics';
import type { MetricsController } from './metrics.controller';

export type { DefaultMetricsOptions, MetricsAuth };

export interface HttpMetricsOptions {
  /** Histogram of request durations in seconds (default `http_request_duration_seconds`). */
  durationName?: string;
  /** Gauge of requests being served (default `http_requests_in_flight`). */
  inFlightName?: string;
  buckets?: number[];
  /** Request paths (without query) that are not measured; the metrics path always is not. */
  excludePaths?: string[];
  /** The `route` label of requests no route matched (default `<unmatched>`). */
  unmatchedRoute?: string;
  /**
   * `'trace'` (default): durations carry the request's trace as exemplars
   * (the OpenTelemetry span active when the request arrived, else its
   * `traceparent` header), rate-limited; `'none'` records none.
   */
  exemplars?: ExemplarsOption;
}

export interface MetricsModuleOptions {
  /** Where the endpoint is served (default `/metrics`). */
  path?: string;
  /** The registry to scrape and register into (default: the global `register`). */
  registry?: Registry<any>;
  /** Process and runtime metrics; `false` turns them off, an object configures them. */
  defaultMetrics?: boolean | DefaultMetricsOptions;
  /** Labels added to every series of the registry. */
  defaultLabels?: Record<string, string | number>;
  /** Prepended to the names of the metrics the module creates (HTTP and default metrics). */
  prefix?: string;
  /** `false` serves no endpoint in the app; a subclass of `MetricsController` replaces it. */
  controller?: boolean | Type<MetricsController>;
  /** Extra decorators for the endpoint's controller, e.g. the app's own `@Public()` marker. */
  controllerDecorators?: ClassDecorator[];
  /** Guards run before each scrape, e.g. an IP allow-list. */
  guards?: (CanActivate | Function)[];
  /** Serve OpenMetrics to scrapers that ask for it (default true). */
  openMetrics?: boolean;
  /** Compress when the scraper accepts gzip (default true). */
  gzip?: boolean;
  /** Require basic auth (`{ username, password }`) or a bearer token (`{ bearer }`). */
  auth?: MetricsAuth;
  /** Serve metrics on their own server on this port instead of the app's (0 picks a free port). */
  port?: number;
  /** Host of the separate server (default `0.0.0.0`). */
  host?: string;
  /** HTTP request metrics; on by default. */
  httpMetrics?: boolean | HttpMetricsOptions;
  /** Register the module globally so `forFeature` modules need not import it (default true). */
  global?: boolean;
}

/** The options that shape the module's routes, so they are given up front even with `forRootAsync`. */
export type MetricsModuleStaticOptions = Pick<
  MetricsModuleOptions,
  'path' | 'controller' | 'controllerDecorators' | 'guards' | 'global'
>;

export interface MetricsOptionsFactory {
  createMetricsOptions(): MetricsModuleOptions | Promise<MetricsModuleOptions>;
}

export interface MetricsModuleAsyncOptions
  extends MetricsModuleStaticOptions,
    Pick<ModuleMetadata, 'imports'> {
  useFactory?: (...args: any[]) => MetricsModuleOptions | Promise<MetricsModuleOptions>;
  inject?: any[];
  useClass?: Type<MetricsOptionsFactory>;
  useExisting?: Type<MetricsOptionsFactory>;
}
