import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { PrometheusContentType, Registry, RegistryContentType } from '../../core';
import { getDefaultRegistry } from '../../core';
import { PROMETHEUS_CONTENT_TYPE } from '../../exposition';
import { sendRequest } from '../http-client';
import { groupingPath } from './grouping-path';

const gzip = promisify(gzipCallback);

const DEFAULT_TIMEOUT_MS = 10_000;

export namespace Pushgateway {
  /** prom-client's push parameters. */
  export interface Parameters {
    jobName: string;
    /** Grouping labels added to the URL after the job. */
    groupings?: { [key: string]: string };
  }

  /**
   * prom-client's options: anything `http.request` takes (headers, agent,
   * TLS settings), plus `timeout` for the whole request in milliseconds and
   * `requireJobName`. A `Content-Encoding: gzip` header compresses the body.
   */
  export interface Options extends RequestOptions {
    timeout?: number;
    requireJobName?: boolean;
    headers?: OutgoingHttpHeaders;
  }
}

/** A push the gateway refused: `status` and its own message, as prom-client words it. */
export class PushgatewayError extends Error {
  override name = 'PushgatewayError';
  constructor(
    readonly status: number,
    readonly body: string,
    readonly method: string,
    readonly url: string,
  ) {
    super(`push failed with status ${status}, ${body.trim()} (${method} ${url})`);
  }
}

function headerValue(headers: OutgoingHttpHeaders | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers![key]).toLowerCase();
}

/** Pushes a registry's metrics to a Prometheus Pushgateway; source compatible with prom-client 15. */
export class Pushgateway<T extends RegistryContentType = PrometheusContentType> {
  private readonly registry: Registry<any>;
  private readonly requireJobName: boolean;
  private readonly timeoutMs: number;
  private readonly requestOptions: RequestOptions;

  constructor(
    private readonly gatewayUrl: string,
    options: Pushgateway.Options = {},
    registry?: Registry<T>,
  ) {
    this.registry = registry ?? getDefaultRegistry();
    const { requireJobName = true, timeout = DEFAULT_TIMEOUT_MS, ...requestOptions } = options ?? {};
    this.requireJobName = requireJobName;
    this.timeoutMs = timeout;
    this.requestOptions = requestOptions;
  }

  /** POST: replaces only the pushed metric names in the group. */
  pushAdd(params: Pushgateway.Parameters): Promise<{ resp?: unknown; body?: unknown }> {
    return this.send('POST', params);
  }

  /** PUT: replaces every metric in the group. */
  push(params: Pushgateway.Parameters): Promise<{ resp?: unknown; body?: unknown }> {
    return this.send('PUT', params);
  }

  /** DELETE: removes the group. */
  delete(params: Pushgateway.Parameters): Promise<{ resp?: unknown; body?: unknown }> {
    return this.send('DELETE', params);
  }

  private send(
    method: 'POST' | 'PUT' | 'DELETE',
    params: Pushgateway.Parameters,
  ): Promise<{ resp: IncomingMessage; body: string }> {
    // Thrown, not rejected, exactly like prom-client: it is a programming error.
    if (this.requireJobName && !params?.jobName) throw new Error('Missing jobName parameter');
    return this.request(method, params);
  }

  private async request(
    method: 'POST' | 'PUT' | 'DELETE',
    params: Pushgateway.Parameters,
  ): Promise<{ resp: IncomingMessage; body: string }> {
    const url = this.targetUrl(params);
    const headers: OutgoingHttpHeaders = { ...(this.requestOptions.headers as OutgoingHttpHeaders) };
    let body: Buffer | undefined;
    if (method === 'DELETE') {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-encoding') delete headers[k];
    } else {
      body = Buffer.from(await this.registry.metrics({ format: 'text' }), 'utf8');
      if (headerValue(headers, 'content-encoding') === 'gzip') body = await gzip(body);
      if (headerValue(headers, 'content-type') === undefined)
        headers['Content-Type'] = PROMETHEUS_CONTENT_TYPE;
    }
    const answer = await sendRequest({
      method,
      url,
      headers,
      body,
      timeoutMs: this.timeoutMs,
      requestOptions: { ...this.requestOptions, headers: undefined },
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new PushgatewayError(answer.status, answer.body, method, url.href);
    }
    return { resp: answer.resp, body: answer.body };
  }

  private targetUrl(params: Pushgateway.Parameters): URL {
    const base = new URL(this.gatewayUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    const path = params?.jobName ? groupingPath(params.jobName, params.groupings) : '/metrics';
    base.pathname = basePath + path;
    return base;
  }
}
