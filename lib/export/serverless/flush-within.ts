import type { WarningLogger } from '../../core';
import type { MetricsPusher } from './metrics-pusher';

type FlushEnd = 'delivered' | 'undelivered' | 'late' | { readonly error: unknown };

/**
 * Flushes `pusher`, waiting at most `ms`; never throws and never waits
 * longer. What did not go as planned is told to `warn`: the invocation
 * returns either way, and what was not delivered stays queued for the next flush.
 */
export async function flushWithin(pusher: MetricsPusher, ms: number, warn: WarningLogger): Promise<void> {
  // A flush that throws, rejects or resolves after the deadline must not become an unhandled rejection.
  const flushed: Promise<FlushEnd> = Promise.resolve()
    .then(() => pusher.flush())
    .then(
      (delivered) => (delivered === false ? 'undelivered' : 'delivered'),
      (error: unknown) => ({ error }),
    );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<FlushEnd>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const end = await Promise.race([flushed, late]);
  clearTimeout(timer);
  if (end === 'late') {
    warn(
      `promkit serverless: the metrics were not delivered within ${ms} ms; the invocation returns without them`,
    );
  } else if (end === 'undelivered') {
    warn('promkit serverless: the metrics flushed after the invocation were not all delivered');
  } else if (end !== 'delivered') {
    warn('promkit serverless: flushing the metrics after the invocation failed', end.error);
  }
}
