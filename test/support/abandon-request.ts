import { request as httpRequest } from 'node:http';
import { waitFor } from './wait-for';

/**
 * Sends a GET to `url` and destroys its socket once `reached` says the
 * handler has run, before any response has come: a client that gave up.
 * Fails if a response arrived first.
 */
export async function abandonRequest(url: string, reached: () => boolean): Promise<void> {
  const request = httpRequest(url, { agent: false });
  const failed = new Promise<string>((resolve) => request.on('error', (error) => resolve(error.message)));
  let answered: number | undefined;
  request.on('response', (response) => {
    answered = response.statusCode;
  });
  request.end();
  await waitFor(async () => (reached() ? true : undefined), {
    what: `${url} to reach its handler`,
    timeoutMs: 5000,
  });
  // Lets the handler's failure, if any, run through the app's error handling first.
  await new Promise((resolve) => setTimeout(resolve, 20));
  request.destroy();
  if ((await failed) !== 'socket hang up' || answered !== undefined)
    throw new Error(`${url} was answered (${answered}) before the client went away`);
}
