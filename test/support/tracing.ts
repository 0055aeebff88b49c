import { context, type Span, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

/** The real OpenTelemetry SDK: a global async-context manager and two tracers, one sampling every span and one none. */
export interface Tracing {
  readonly sampled: Tracer;
  readonly unsampled: Tracer;
  /** Runs `fn` inside a new active span of `tracer` and ends the span afterwards (also for a Promise). */
  inSpan<R>(tracer: Tracer, fn: (span: Span) => R): R;
  /** Unregisters the context manager so no span is active anywhere. */
  stop(): void;
}

export function startTracing(): Tracing {
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) throw new Error('another context manager is registered');
  const sampled = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('promkit-test');
  const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('promkit-test');
  return {
    sampled,
    unsampled,
    inSpan(tracer, fn) {
      return tracer.startActiveSpan('operation', (span) => {
        let result: ReturnType<typeof fn>;
        try {
          result = fn(span);
        } catch (error) {
          span.end();
          throw error;
        }
        if (result instanceof Promise) return result.finally(() => span.end()) as typeof result;
        span.end();
        return result;
      });
    },
    stop() {
      context.disable();
      trace.disable();
    },
  };
}

/** `trace_id`/`span_id` exemplar labels of a span, as promkit should record them. */
export function idsOf(span: Span): { trace_id: string; span_id: string } {
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
