import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body as sent (still compressed if it was). */
  readonly raw: Buffer;
  /** The body decoded: gunzipped when Content-Encoding says gzip. */
  readonly text: string;
}

/**
 * A plain node:http request that leaves Accept-Encoding and decompression
 * under the test's control (fetch would negotiate and gunzip by itself).
 */
export function request(
  url: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const gz = res.headers['content-encoding'] === 'gzip' && raw.length > 0;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          raw,
          text: (gz ? gunzipSync(raw) : raw).toString('utf8'),
        });
      });
    });
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
