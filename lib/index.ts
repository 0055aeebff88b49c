import { getDefaultRegistry } from './core/registry-default';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './exposition';

export * from './collectors';
export * from './core';
export * from './decorators';
export * from './export';
export * from './exposition';
export * from './http-metrics';
export type * from './model';
export * from './multiprocess';

/** The global registry, as prom-client's `register`. */
export const register = getDefaultRegistry();

/** prom-client's content type names. */
export const contentType = PROMETHEUS_CONTENT_TYPE;
export const prometheusContentType = PROMETHEUS_CONTENT_TYPE;
export const openMetricsContentType = OPENMETRICS_CONTENT_TYPE;
