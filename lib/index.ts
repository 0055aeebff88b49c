import { getDefaultRegistry } from './core';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './exposition';

export * from './collectors';
export * from './core';
/**
 * Thrown at the call of a feature this runtime cannot have (a Node.js module
 * it lacks, or no process to measure), never at import.
 */
export { RuntimeUnsupportedError } from './core/node-builtin';
export * from './decorators';
/** Options of `metricsFetchHandler`: the registry to serve and the scrape options of every metrics endpoint. */
export type {
  FetchHandlerOptions,
  /** What `startRemoteWrite` returns: `flush()` and `stop()`. */
  RemoteWriteHandle,
  /** Options of `pushRemoteWrite`. */
  RemoteWriteOptions,
  /** What the receiver confirmed it wrote. */
  RemoteWriteResult,
  /** `'1.0'` or `'2.0'`. */
  RemoteWriteVersion,
  /** Options of `startRemoteWrite`. */
  StartRemoteWriteOptions,
} from './export';
export * from './export';
export * from './export';
/**
 * A scrape endpoint for Fetch API runtimes (Hono, `Bun.serve`, `Deno.serve`,
 * Next.js route handlers, Cloudflare Workers): `(request) => Promise<Response>`.
 */
export {
  metricsFetchHandler,
  /** Sends one collection of a registry to a Remote Write receiver (2.0, falling back to 1.0). */
  pushRemoteWrite,
  /** A Remote Write collection the receiver refused, or that was not delivered in time. */
  RemoteWriteError,
  /** Whether this process is the one that sends a merged multi-process view (primary, main thread, PM2 instance 0). */
  sendsMergedView,
  /** Sends a registry's collection to a Remote Write receiver every interval, with stale markers and retries. */
  startRemoteWrite,
} from './export';
export * from './exposition';
/** The parts of Hono's context, request and matched routes `honoHttpMetrics` reads (Hono is not a dependency). */
export type {
  HonoContextLike,
  HonoHttpMetricsMiddleware,
  HonoRequestLike,
  HonoRouteLike,
} from './http-metrics';
export * from './http-metrics';
/**
 * Hono middleware recording HTTP RED metrics with the route template Hono
 * matched, on every runtime Hono runs on: `app.use(honoHttpMetrics())`.
 */
export { honoHttpMetrics } from './http-metrics';
export type * from './model';
export * from './multiprocess';

/** The global registry, as prom-client's `register`. */
export const register = getDefaultRegistry();

/** prom-client's content type names. */
export const contentType = PROMETHEUS_CONTENT_TYPE;
export const prometheusContentType = PROMETHEUS_CONTENT_TYPE;
export const openMetricsContentType = OPENMETRICS_CONTENT_TYPE;

// OTLP push (docs/otlp.md).
export {
  /** The handle `startOtlpPush` returns: `flush()` and `stop()`. */
  type OtlpPush,
  /** A push the OTLP receiver refused (`status`, `body`), or that did not land within `timeoutSeconds`. */
  OtlpPushError,
  /** The options of `startOtlpPush`: `pushOtlp`'s, `intervalSeconds`, and the queue's limits. */
  type OtlpPushLoopOptions,
  /** The options of `pushOtlp`: `url`, `registry`, `temporality`, `headers`, `timeoutSeconds`, `encoding`. */
  type OtlpPushOptions,
  /** What `pushOtlp` resolves with: the receiver's status and the data points sent. */
  type OtlpPushResult,
  /** Sends one collection of a registry to an OTLP/HTTP receiver (protobuf, or JSON on request). */
  pushOtlp,
  /** Pushes a registry to an OTLP/HTTP receiver every `intervalSeconds`, queued and retried; `stop()` sends the last collection. */
  startOtlpPush,
} from './export';
