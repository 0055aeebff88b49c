import type { LabelValue, OpenTelemetryApi, OpenTelemetrySpan } from '../core';
import { trackResult } from '../core';

/** `SpanStatusCode.ERROR` of `@opentelemetry/api`. */
const SPAN_STATUS_ERROR = 2;

/** Key/value pairs for a span or a series, from a call's arguments and `this` (typed as the method's, if you like). */
export type KeyValuesFrom<A extends unknown[] = any[], T = any> = {
  // A method signature, so a function written for the method's own types fits.
  bivariant(args: A, instance: T): Record<string, LabelValue>;
}['bivariant'];

/**
 * Runs `fn` inside a new span named `name`, child of the active one, until
 * its result has really ended (see `trackResult`). The call's measurement
 * runs inside the span too, so the span's trace is its exemplar. A failed
 * call leaves the span with status ERROR and the exception recorded; the
 * error itself is rethrown untouched.
 */
export function callInSpan(
  otel: OpenTelemetryApi,
  name: string,
  attributesFrom: readonly (KeyValuesFrom | undefined)[],
  fn: Function,
  instance: unknown,
  args: ArrayLike<unknown>,
): unknown {
  const active = otel.context.active();
  const span = tracerOf(otel).startSpan(
    name,
    { attributes: spanAttributes(attributesFrom, args, instance) },
    active,
  );
  const context = otel.trace.setSpan(active, span);
  let result: unknown;
  try {
    result = otel.context.with(context, () => fn.apply(instance, args));
  } catch (error) {
    endSpan(span, error, true);
    throw error;
  }
  return trackResult(result, { end: (error, failed) => endSpan(span, error, failed) });
}

type Tracer = ReturnType<OpenTelemetryApi['trace']['getTracer']>;
let tracer: { otel: OpenTelemetryApi; tracer: Tracer } | undefined;

/** The API's tracer is a proxy that follows the provider registered later, so one is kept. */
function tracerOf(otel: OpenTelemetryApi): Tracer {
  if (tracer?.otel !== otel) tracer = { otel, tracer: otel.trace.getTracer('promkit') };
  return tracer.tracer;
}

/** Attributes that cannot be computed are left out: the span is still made. */
function spanAttributes(
  attributesFrom: readonly (KeyValuesFrom | undefined)[],
  args: ArrayLike<unknown>,
  instance: unknown,
): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  for (const from of attributesFrom) {
    if (from === undefined) continue;
    try {
      Object.assign(attributes, from(Array.from(args), instance));
    } catch {
      // The metric's labels come from the same function and report the failure.
    }
  }
  return attributes;
}

function endSpan(span: OpenTelemetrySpan, error: unknown, failed: boolean): void {
  if (failed) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SPAN_STATUS_ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  span.end();
}
