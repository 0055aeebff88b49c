/**
 * Where trace exemplars come from: the active OpenTelemetry span when
 * `@opentelemetry/api` is installed, else a W3C `traceparent` header handed in
 * by HTTP instrumentation. The API is an optional peer dependency, loaded on
 * the first lookup (never at import time), so promkit works without it.
 */

/** Exemplar labels of one sampled trace, as Grafana and Prometheus expect them. */
export type TraceLabels = { trace_id: string; span_id: string };

/** The part of `@opentelemetry/api` promkit uses; every 1.x release has it. */
export interface OpenTelemetryApi {
  context: { active(): unknown; with<R>(context: unknown, fn: () => R): R };
  trace: {
    getSpan(context: unknown): { spanContext(): SpanContextLike } | undefined;
    setSpan(context: unknown, span: OpenTelemetrySpan): unknown;
    getTracer(name: string): {
      startSpan(
        name: string,
        options?: { attributes?: Record<string, string | number> },
        context?: unknown,
      ): OpenTelemetrySpan;
    };
  };
}

/** The part of an OpenTelemetry span promkit uses. */
export interface OpenTelemetrySpan {
  spanContext(): SpanContextLike;
  recordException(exception: unknown): void;
  setStatus(status: { code: number; message?: string }): void;
  end(): void;
}

interface SpanContextLike {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

const SAMPLED_FLAG = 0x01;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

/** `undefined` until the first lookup, `null` when the API is not installed. */
let api: OpenTelemetryApi | null | undefined;

/** `@opentelemetry/api` when installed (loaded once, on first use), else null. */
export function openTelemetry(): OpenTelemetryApi | null {
  if (api === undefined) {
    try {
      // A plain require inside try: bundlers leave an unresolvable optional module to run time.
      api = require('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      api = null;
    }
  }
  return api;
}

/** A span's ids when it is valid and sampled (an unsampled trace is never stored, so it would link nowhere). */
function spanLabels(otel: OpenTelemetryApi, context: unknown): TraceLabels | undefined {
  const span = otel.trace.getSpan(context);
  if (span === undefined) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if ((traceFlags & SAMPLED_FLAG) === 0 || traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) {
    return undefined;
  }
  return { trace_id: traceId, span_id: spanId };
}

// version "-" trace-id "-" parent-id "-" flags, lowercase hex; later versions may append fields.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace and parent span ids of a W3C `traceparent` header when it is
 * well formed and its sampled flag is set; otherwise undefined.
 */
export function traceparentLabels(header: string | undefined): TraceLabels | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  // Version ff is forbidden, and version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  if ((Number.parseInt(flags, 16) & SAMPLED_FLAG) === 0) return undefined;
  return { trace_id: traceId, span_id: spanId };
}

/**
 * A request's trace, captured when the request arrives, for metrics recorded
 * when it ends: by then the code runs in a response event listener, where
 * the request's span is often no longer the active one.
 */
export interface CapturedTrace {
  /** The OpenTelemetry context active at capture (undefined without the API). */
  readonly context: unknown;
  /** The request's W3C `traceparent` header, used when no span is found. */
  readonly traceparent: string | undefined;
}

/**
 * Captures the trace in effect now and the request's `traceparent` header
 * (`req.headers.traceparent`), for `withTrace` when the request ends.
 */
export function captureTrace(traceparent?: string): CapturedTrace {
  let context: unknown;
  try {
    context = openTelemetry()?.context.active();
  } catch {
    context = undefined;
  }
  return { context, traceparent };
}

/** The trace given to the innermost `withTrace` call running now. */
let scopedTrace: CapturedTrace | undefined;

/**
 * Runs `record` (which observes or increments metrics) with `trace` as the
 * trace of any exemplar sampled meanwhile: its span, else the span active
 * now, else its `traceparent` header. A request traced by its caller thus
 * links to that trace even when this service runs no tracer.
 */
export function withTrace<R>(trace: CapturedTrace | undefined, record: () => R): R {
  const outer = scopedTrace;
  scopedTrace = trace;
  try {
    return record();
  } finally {
    scopedTrace = outer;
  }
}

/**
 * Exemplar labels for the trace in effect now: the span of an enclosing
 * `withTrace`, else the active sampled OpenTelemetry span, else the
 * `traceparent` given (or the enclosing `withTrace`'s). Never throws;
 * undefined when there is none.
 */
export function currentTraceLabels(traceparent?: string): TraceLabels | undefined {
  try {
    const scoped = scopedTrace;
    const otel = openTelemetry();
    return (
      (otel !== null && scoped?.context !== undefined ? spanLabels(otel, scoped.context) : undefined) ??
      (otel !== null ? spanLabels(otel, otel.context.active()) : undefined) ??
      traceparentLabels(traceparent ?? scoped?.traceparent)
    );
  } catch {
    // A broken tracer setup must not break the code being measured.
    return undefined;
  }
}
