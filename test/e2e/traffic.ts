import type { FixtureApp, WorkRequest } from './fixture-app';

function repeat(count: number, request: Omit<WorkRequest, 'traceId'>, tracePrefix: string): WorkRequest[] {
  return Array.from({ length: count }, (_, i) => ({ ...request, traceId: `${tracePrefix}-${i}` }));
}

/**
 * The requests tests send. On `/fast`, half the durations fall in the 0.1 s
 * bucket and half in the 1 s bucket, so Prometheus' linear interpolation puts
 * the 0.75 quantile at exactly 0.5 + (1 - 0.5) * (7.5 - 5) / 5 = 0.75 s.
 * `/slow` reaches the 5 s and +Inf buckets.
 */
export const TRAFFIC: readonly WorkRequest[] = [
  ...repeat(5, { route: '/fast', seconds: 0.05, bytes: 100 }, 'fast-quick'),
  ...repeat(5, { route: '/fast', seconds: 0.7, bytes: 300 }, 'fast-slower'),
  ...repeat(2, { route: '/slow', seconds: 3, bytes: 2048 }, 'slow'),
  ...repeat(1, { route: '/slow', seconds: 7.5, bytes: 4096 }, 'slow-outlier'),
];

export const FAST_P75_SECONDS = 0.75;

export function requestsFor(route: string): number {
  return TRAFFIC.filter((r) => r.route === route).length;
}

/** Sends every TRAFFIC request in order and fails on any status but 204. */
export async function driveTraffic(app: FixtureApp): Promise<void> {
  for (const request of TRAFFIC) {
    const status = await app.work(request);
    if (status !== 204) throw new Error(`fixture /work answered ${status} for ${JSON.stringify(request)}`);
  }
}
