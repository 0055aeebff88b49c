import { getDefaultRegistry } from './core/registry-default';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './exposition';

export * from './collectors';
export * from './core';
/**
 * Thrown at the call of a feature this runtime cannot have (a Node.js module
 * it lacks, or no process to measure), never at import.
 */
export { RuntimeUnsupportedError } from './core/node-builtin';
export type {
  /** Distribution settings of a policy: buckets, SLO bounds, native histograms, quantiles. */
  DistributionRule,
  /** A label rule of a policy: rewrite, drop or cap one label's values. */
  LabelRule,
  /** A metric's declared name, or a prefix ending in `*`. */
  MetricPattern,
  /** A registry's instrumentation policy (`new Registry(type, { policy })`, `registry.setPolicy`). */
  MetricPolicy,
} from './core/policy';
export {
  /** A policy from code with an operator's override on top (denials add up, the override's other rules win). */
  overridePolicy,
  /** The environment variable `policyFromEnv` reads: a `MetricPolicy` as JSON. */
  POLICY_ENV_VARIABLE,
  /** The policy set in `PROMKIT_POLICY` (or any settings object), checked; undefined when unset. */
  policyFromEnv,
} from './core/policy';
export * from './decorators';
export * from './export';
/** Options of `metricsFetchHandler`: the registry to serve and the scrape options of every metrics endpoint. */
export type { FetchHandlerOptions } from './export/http';
/**
 * A scrape endpoint for Fetch API runtimes (Hono, `Bun.serve`, `Deno.serve`,
 * Next.js route handlers, Cloudflare Workers): `(request) => Promise<Response>`.
 */
export { metricsFetchHandler } from './export/http';
export type {
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
} from './export/remote-write';
export {
  /** Sends one collection of a registry to a Remote Write receiver (2.0, falling back to 1.0). */
  pushRemoteWrite,
  /** A Remote Write collection the receiver refused, or that was not delivered in time. */
  RemoteWriteError,
  /** Whether this process is the one that sends a merged multi-process view (primary, main thread, PM2 instance 0). */
  sendsMergedView,
  /** Sends a registry's collection to a Remote Write receiver every interval, with stale markers and retries. */
  startRemoteWrite,
} from './export/remote-write';
export type {
  /** Options of `withMetricsFlush`: the pusher, the flush's deadline, the registry that hears of failures. */
  MetricsFlushOptions,
  /** What `withMetricsFlush` flushes: anything with `flush(): Promise<boolean>`, as `startRemoteWrite` returns. */
  MetricsPusher,
} from './export/serverless';
export {
  /** How long an invocation waits for its metrics by default, in milliseconds. */
  DEFAULT_FLUSH_DEADLINE_MS,
  /** This process's `service.instance.id`: `OTEL_RESOURCE_ATTRIBUTES`' one, else a UUID made once per process. */
  serverlessInstanceId,
  /** Puts `serverlessInstanceId()` in `OTEL_RESOURCE_ATTRIBUTES`, unless set, so every push sends it as its instance. */
  useServerlessInstanceId,
  /** Wraps a function handler so each invocation pushes its metrics, within a deadline, before it returns. */
  withMetricsFlush,
} from './export/serverless';
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
export type {
  /** A merge source of the merging process's own families (`SnapshotTaker.families()`), merged without a snapshot. */
  FamiliesSource,
  /** What a multi-process merge reads: another process's snapshot or the merging process's own families. */
  MergeSource,
  /** The merging process's own families, with the modes, default labels and gauge change times a snapshot would carry. */
  OwnFamilies,
} from './multiprocess';
export * from './multiprocess';

/** The global registry, as prom-client's `register`. */
export const register = getDefaultRegistry();

/** prom-client's content type names. */
export const contentType = PROMETHEUS_CONTENT_TYPE;
export const prometheusContentType = PROMETHEUS_CONTENT_TYPE;
export const openMetricsContentType = OPENMETRICS_CONTENT_TYPE;

/** A running timer's end function (`startTimer()`); hold it with `using` to time a scope. */
export type { TimerEnd } from './core';
// Decorators and observations.
export {
  /** Key/value pairs for a span or series from a call's arguments and `this` (`@Observed`'s low- and high-cardinality keys). */
  type KeyValuesFrom,
  /** A long task timer: gauges of the calls running now and how long they have been running (`@Timed({ longTask: true })`). */
  LongTaskTimed,
  /** One observation per call: an OpenTelemetry span, a duration histogram with the span as exemplar, and an error counter. */
  Observed,
  /** The options of `@Observed`: `name`, `lowCardinality`, `highCardinality`, `labelNames`, `buckets`, `registry`. */
  type ObservedOptions,
  /** The options of `observe`: `lowCardinality`, `highCardinality` (objects), `buckets`, `registry`. */
  type ObserveOptions,
  /** `@Observed` for a block of code: `observe(name, fn, options)` returns what `fn` returns. */
  observe,
} from './decorators';
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
