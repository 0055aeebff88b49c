import { checkOptions, getDefaultRegistry, MetricConfigError } from '../../core';
import { flushWithin } from './flush-within';
import {
  DEFAULT_FLUSH_DEADLINE_SECONDS,
  METRICS_FLUSH_RULE,
  type MetricsFlushOptions,
} from './metrics-flush-options';

/** Time left to a Lambda invocation once its flush is given up: enough to hand the result back. */
const RETURN_RESERVE_MS = 100;

/** The flush's budget: the deadline, or less when the handler's Lambda context says less time is left. */
function budgetMs(deadlineMs: number, context: unknown): number {
  const remaining = (context as { getRemainingTimeInMillis?: unknown } | null)?.getRemainingTimeInMillis;
  if (typeof remaining !== 'function') return deadlineMs;
  try {
    const left = Number(remaining.call(context)) - RETURN_RESERVE_MS;
    return Number.isFinite(left) ? Math.max(0, Math.min(deadlineMs, left)) : deadlineMs;
  } catch {
    return deadlineMs;
  }
}

/**
 * Wraps a function handler (AWS Lambda's `(event, context)`, or any other)
 * so that each invocation flushes `pusher` before it returns: a frozen
 * container sends nothing between invocations. The flush waits at most
 * `deadlineSeconds` (and never past a Lambda context's remaining time); one that
 * fails or runs late is told to the registry's warning logger, and the
 * handler's own result is returned, or its own error rethrown, untouched.
 */
export function withMetricsFlush<A extends unknown[], R>(
  handler: (...args: A) => R | Promise<R>,
  options: MetricsFlushOptions,
): (...args: A) => Promise<Awaited<R>> {
  if (typeof handler !== 'function') {
    throw new MetricConfigError('withMetricsFlush: the handler must be a function');
  }
  const checked = checkOptions<MetricsFlushOptions>('withMetricsFlush', METRICS_FLUSH_RULE, options);
  const deadlineMs = (checked.deadlineSeconds ?? DEFAULT_FLUSH_DEADLINE_SECONDS) * 1000;
  const registry = checked.registry ?? getDefaultRegistry();
  const warn = (message: string, error?: unknown) => registry.scrapeState.warn(message, error);
  return async function flushingHandler(this: unknown, ...args: A): Promise<Awaited<R>> {
    let result: Awaited<R>;
    try {
      result = await handler.apply(this, args);
    } catch (error) {
      await flushWithin(checked.pusher, budgetMs(deadlineMs, args[1]), warn);
      throw error;
    }
    await flushWithin(checked.pusher, budgetMs(deadlineMs, args[1]), warn);
    return result;
  };
}
