import { getDefaultRegistry } from './core/registry-default';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './exposition';

export * from './collectors';
export * from './core';
export * from './decorators';
export * from './export';
/** Options of `pushRemoteWrite` and `startRemoteWrite`, what a push resolves with, and the protocol versions. */
export type {
  RemoteWriteHandle,
  RemoteWriteOptions,
  RemoteWriteResult,
  RemoteWriteVersion,
  StartRemoteWriteOptions,
} from './export/remote-write';
/** Sends one collection of a registry to a Remote Write receiver (2.0, falling back to 1.0). */
/** Sends a registry's collection to a Remote Write receiver every interval, with stale markers and retries. */
/** A Remote Write request the receiver refused: status, answer, whether a retry may help. */
export { pushRemoteWrite, RemoteWriteError, startRemoteWrite } from './export/remote-write';
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
