import { RequestTimeoutError, ResponseTooLargeError, sendRequest } from '../http-client';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export type FetchProblem = 'timeout' | 'connection' | 'http_status' | 'too_large' | 'invalid_json';

function problemOf(error: unknown): FetchProblem {
  if (error instanceof RequestTimeoutError) return 'timeout';
  if (error instanceof ResponseTooLargeError) return 'too_large';
  return 'connection';
}

export type FetchResult =
  | { readonly ok: true; readonly document: unknown }
  | { readonly ok: false; readonly problem: FetchProblem; readonly message: string };

/** GETs the status document; every way it can fail becomes a problem code instead of a throw. */
export async function fetchStatus(
  target: URL,
  timeoutMs: number,
  maxBodyBytes: number,
): Promise<FetchResult> {
  let answer: Awaited<ReturnType<typeof sendRequest>>;
  try {
    answer = await sendRequest({
      method: 'GET',
      url: target,
      headers: { Accept: 'application/json' },
      timeoutMs,
      maxBodyBytes,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: problemOf(error), message };
  }
  if (answer.status < 200 || answer.status >= 300) {
    return { ok: false, problem: 'http_status', message: `answered HTTP ${answer.status}` };
  }
  if (nestsDeeperThan(answer.body, MAX_JSON_DEPTH)) {
    return { ok: false, problem: 'invalid_json', message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, document: JSON.parse(answer.body) };
  } catch (error) {
    return { ok: false, problem: 'invalid_json', message: (error as Error).message };
  }
}
