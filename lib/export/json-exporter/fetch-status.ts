import { RequestTimeoutError, sendRequest } from '../http-client';

export type FetchProblem = 'timeout' | 'connection' | 'http_status' | 'invalid_json';

export type FetchResult =
  | { readonly ok: true; readonly document: unknown }
  | { readonly ok: false; readonly problem: FetchProblem; readonly message: string };

/** GETs the status document; every way it can fail becomes a problem code instead of a throw. */
export async function fetchStatus(target: URL, timeoutMs: number): Promise<FetchResult> {
  let answer: Awaited<ReturnType<typeof sendRequest>>;
  try {
    answer = await sendRequest({
      method: 'GET',
      url: target,
      headers: { Accept: 'application/json' },
      timeoutMs,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: error instanceof RequestTimeoutError ? 'timeout' : 'connection', message };
  }
  if (answer.status < 200 || answer.status >= 300) {
    return { ok: false, problem: 'http_status', message: `answered HTTP ${answer.status}` };
  }
  try {
    return { ok: true, document: JSON.parse(answer.body) };
  } catch (error) {
    return { ok: false, problem: 'invalid_json', message: (error as Error).message };
  }
}
