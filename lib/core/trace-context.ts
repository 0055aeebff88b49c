/**
 * Where trace exemplars come from: the active OpenTelemetry span when
 * `@opentelemetry/api` is installed, else a W3C `traceparent` header handed in
 * by HTTP instrumentation. The API is an optional peer dependency, loaded on
 * the first lookup (never at import time), so promkit works without it.
 */

/** Exemplar labels of one sampled trace, as Grafana and Prometheus expect them. */
export type TraceLabels = { trace_id: string; span_id: string };

/** The part of `@opentelemetry/api` used here; every 1.x release has it. */
interface OpenTelemetryApi {
  context: { active(): unknown };
  trace: { getSpan(context: unknown): { spanContext(): SpanContextLike } | undefined };
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

function openTelemetry(): OpenTelemetryApi | null {
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

/** The active span's ids when it is valid and sampled (an unsampled trace is never stored, so it links nowhere). */
function activeSpanLabels(): TraceLabels | undefined {
  const otel = openTelemetry();
  if (otel === null) return undefined;
  const span = otel.trace.getSpan(otel.context.active());
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

/** The header given to the innermost `withTraceparent` call running now. */
let fallbackTraceparent: string | undefined;

/**
 * Runs `record` (which observes or increments metrics) with `traceparent` as
 * the trace for any exemplar sampled meanwhile when no span is active. HTTP
 * instrumentation wraps its recording in this, so a request traced by its
 * caller links to that trace even when this service runs no tracer.
 */
export function withTraceparent<R>(traceparent: string | undefined, record: () => R): R {
  const outer = fallbackTraceparent;
  fallbackTraceparent = traceparent;
  try {
    return record();
  } finally {
    fallbackTraceparent = outer;
  }
}

/**
 * Exemplar labels for the trace in effect now: the active sampled
 * OpenTelemetry span, else the `traceparent` given (or the one set by an
 * enclosing `withTraceparent`). Never throws; undefined when there is none.
 */
export function currentTraceLabels(traceparent?: string): TraceLabels | undefined {
  try {
    return activeSpanLabels() ?? traceparentLabels(traceparent ?? fallbackTraceparent);
  } catch {
    // A broken tracer setup must not break the code being measured.
    return undefined;
  }
}
