import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { PrometheusContentType, Registry, RegistryContentType } from '../../core';
import { getDefaultRegistry } from '../../core';
import { gzipBytes } from '../http/gzip';
import { sendRequest } from '../http-client';
import { groupingPath } from './grouping-path';

/**
 * However the gateway behaves, a push ends within this long (or within its
 * `timeout`, if that is longer). `timeout` itself keeps prom-client's meaning:
 * how long the socket may stay idle.
 */
const PUSH_DEADLINE_MS = 10_000;

export namespace Pushgateway {
  /** prom-client's push parameters. */
  export interface Parameters {
    jobName: string;
    /** Grouping labels added to the URL after the job. */
    groupings?: { [key: string]: string };
  }

  /**
   * prom-client's options: anything `http.request` / `https.request` takes
   * (headers, agent, auth, TLS settings), passed through as they are, plus
   * `requireJobName`. `timeout` (milliseconds) is given to http.request as
   * prom-client does: a socket idle for that long fails the push. A
   * `Content-Encoding: gzip` header compresses the body.
   */
  export interface Options extends RequestOptions {
    timeout?: number;
    requireJobName?: boolean;
    headers?: OutgoingHttpHeaders;
  }

  /** What a push resolves with: the gateway's response and its body. */
  export interface Result {
    resp: IncomingMessage;
    body: string;
  }
}

/**
 * A push the gateway refused: prom-client's message, with the `status`, the
 * gateway's `body` and the request's `method` and `url` as properties.
 */
export class PushgatewayError extends Error {
  override name = 'PushgatewayError';
  constructor(
    readonly status: number,
    readonly body: string,
    readonly method: string,
    readonly url: string,
  ) {
    super(`push failed with status ${status}, ${body}`);
  }
}

/** A push that did not finish in time, in prom-client's words. */
export class PushgatewayTimeoutError extends Error {
  override name = 'PushgatewayTimeoutError';
  constructor(
    readonly method: string,
    readonly url: string,
  ) {
    super('Pushgateway request timed out');
  }
}

function headerValue(headers: OutgoingHttpHeaders | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers![key]).toLowerCase();
}

function withoutHeader(headers: OutgoingHttpHeaders, name: string): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name));
}

/**
 * Pushes a registry's metrics to a Prometheus Pushgateway, with prom-client
 * 15's API and behaviour: the body is the registry's `metrics()`, the request
 * goes through `http.request` / `https.request` (so proxy agents and
 * nock-based tests work), and a push resolves with `{ resp, body }`.
 */
export class Pushgateway<T extends RegistryContentType = PrometheusContentType> {
  private readonly registry: Registry<any>;
  private readonly requireJobName: boolean;
  private readonly deadlineMs: number;
  private readonly requestOptions: RequestOptions;

  constructor(
    private readonly gatewayUrl: string,
    options?: Pushgateway.Options | null,
    registry?: Registry<T>,
  ) {
    this.registry = registry ?? getDefaultRegistry();
    const { requireJobName = true, ...requestOptions } = options ?? {};
    this.requireJobName = requireJobName;
    this.deadlineMs = Math.max(PUSH_DEADLINE_MS, requestOptions.timeout ?? 0);
    this.requestOptions = requestOptions;
  }

  /** POST: replaces only the pushed metric names in the group. */
  pushAdd(params?: Pushgateway.Parameters): Promise<Pushgateway.Result> {
    return this.send('POST', params);
  }

  /** PUT: replaces every metric in the group. */
  push(params?: Pushgateway.Parameters): Promise<Pushgateway.Result> {
    return this.send('PUT', params);
  }

  /** DELETE: removes the group. */
  delete(params?: Pushgateway.Parameters): Promise<Pushgateway.Result> {
    return this.send('DELETE', params);
  }

  /**
   * Thrown, not rejected, exactly like prom-client: a missing job name is a
   * programming error. The request starts before this returns; the body
   * follows once the registry has been collected.
   */
  private send(method: 'POST' | 'PUT' | 'DELETE', params: Pushgateway.Parameters | undefined) {
    if (this.requireJobName && !params?.jobName) throw new Error('Missing jobName parameter');
    const url = this.targetUrl(params);
    let headers = this.requestOptions.headers as OutgoingHttpHeaders | undefined;
    if (method === 'DELETE' && headers) headers = withoutHeader(headers, 'content-encoding');
    const answer = sendRequest({
      method,
      url,
      body: method === 'DELETE' ? undefined : this.body(headers),
      timeoutMs: this.deadlineMs,
      timeoutError: () => new PushgatewayTimeoutError(method, url.href),
      requestOptions: { ...this.requestOptions, headers },
    });
    return answer.then(({ resp, status, body }) => {
      // Any answer outside 2xx means the metrics did not land (a redirect included).
      if (status < 200 || status >= 300) throw new PushgatewayError(status, body, method, url.href);
      return { resp, body };
    });
  }

  private async body(headers: OutgoingHttpHeaders | undefined): Promise<string | Buffer> {
    const metrics = await this.registry.metrics();
    return headerValue(headers, 'content-encoding') === 'gzip' ? gzipBytes(metrics) : metrics;
  }

  private targetUrl(params: Pushgateway.Parameters | undefined): URL {
    const base = new URL(this.gatewayUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    const path = params?.jobName ? groupingPath(params.jobName, params.groupings) : '/metrics';
    base.pathname = basePath + path;
    return base;
  }
}
