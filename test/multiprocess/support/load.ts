/** GET with a deadline; rejects on a network error, a timeout or a non-2xx answer. */
export async function get(url: string, timeoutMs = 10_000): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${body.slice(0, 300)}`);
  return body;
}

export async function post(url: string, timeoutMs = 10_000): Promise<string> {
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${body.slice(0, 300)}`);
  return body;
}

export interface LoadResult {
  /** Requests that were answered: each was counted by the app exactly once. */
  readonly succeeded: number;
  /** Attempts that failed (a worker went away under them) and were sent again. */
  readonly retried: number;
  /** Every value sent, for exact quantiles. */
  readonly values: number[];
}

/**
 * Sends `total` requests, `concurrency` at a time, to `url(i)`; a request
 * that fails is sent again, so `total` requests are answered in the end.
 * Bounded: gives up after `total` failures in all.
 */
export async function drive(
  url: (i: number) => string,
  total: number,
  concurrency: number,
  onProgress?: (done: number) => void | Promise<void>,
): Promise<LoadResult> {
  let next = 0;
  let succeeded = 0;
  let retried = 0;
  const values: number[] = [];
  const lane = async () => {
    while (next < total) {
      const i = next++;
      for (;;) {
        try {
          await get(url(i), 5000);
          break;
        } catch (error) {
          if (++retried > total)
            throw new Error(`too many failed requests; last: ${(error as Error).message}`);
        }
      }
      values.push(i);
      succeeded++;
      await onProgress?.(succeeded);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { succeeded, retried, values };
}

/** The value of one sample in a text exposition, or undefined. */
export function sampleValue(text: string, sample: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return undefined;
}
