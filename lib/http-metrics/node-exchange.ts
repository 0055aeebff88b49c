import type { IncomingMessage, ServerResponse } from 'node:http';
import { reportInstrumentationFailure } from '../core';
import { HttpMetrics } from './http-metrics';
import type { HttpMetricsOptions } from './options';
import type { RequestMeasurement } from './request-measurement';

/** An adapter's argument: a recorder to share, or the options of a new one. */
export type HttpMetricsSource = HttpMetrics | HttpMetricsOptions;

export function recorderFrom(source: HttpMetricsSource | undefined): HttpMetrics {
  return source instanceof HttpMetrics ? source : new HttpMetrics(source);
}

function byteCount(header: number | string | string[] | undefined): number | undefined {
  const bytes = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(bytes) && bytes >= 0 ? bytes : undefined;
}

/** A request body's size from its headers: Content-Length, 0 without a body, unknown when chunked. */
export function requestBodyBytes(req: IncomingMessage): number | undefined {
  return declaredRequestBytes(req.headers['content-length'], req.headers['transfer-encoding'] !== undefined);
}

/** `requestBodyBytes` from the two headers it reads, for adapters whose requests are not node:http's. */
export function declaredRequestBytes(
  contentLength: string | string[] | undefined,
  chunked: boolean,
): number | undefined {
  if (contentLength !== undefined) return byteCount(contentLength);
  return chunked ? undefined : 0;
}

/** A response body's size from its Content-Length; 204 and 304 have none; a streamed body is unknown. */
export function responseBodyBytes(
  contentLength: number | string | string[] | undefined,
  statusCode: number,
): number | undefined {
  if (contentLength !== undefined) return byteCount(contentLength);
  return statusCode === 204 || statusCode === 304 ? 0 : undefined;
}

/** Node builds `req.headers` when first read; only an exemplar needs this header. */
function traceparentOf(req: IncomingMessage): string | undefined {
  const header = req.headers.traceparent;
  return typeof header === 'string' ? header : undefined;
}

/** How an adapter reads, once the response has ended, what its framework knows about the exchange. */
export interface ExchangeReader<S> {
  /** The matched route template, undefined when no route matched. */
  route(source: S): string | undefined;
  /** The response's Content-Length header (default: read from the node:http response). */
  contentLength?(source: S): number | string | string[] | undefined;
}

/** Measures one node:http exchange (see `exchangeMeasurer`). */
export type ExchangeMeasurer<S> = (req: IncomingMessage, res: ServerResponse, url: string, source: S) => void;

/**
 * Measures node:http exchanges from their request until their response
 * closes: Node emits 'close' after 'finish' on every response, and alone
 * when the connection drops first, so it ends every measurement exactly
 * once. The route is read from the exchange's `source` then, once the
 * framework has routed. A response whose headers never went out has no
 * status, whatever `statusCode` holds by then (200 by default, 404 in Koa
 * until a body is set).
 *
 * One 'close' listener serves every response, finding its request's
 * measurement on the response: a listener per request would be a closure
 * and its scope allocated per request. The keys are this measurer's own, so
 * two recorders can measure the same exchange.
 */
export function exchangeMeasurer<S>(metrics: HttpMetrics, reader: ExchangeReader<S>): ExchangeMeasurer<S> {
  const measurementKey = Symbol('promkit.http-metrics.measurement');

  function onClose(this: ServerResponse): void {
    const held = this as unknown as Record<symbol, unknown>;
    const measurement = held[measurementKey] as RequestMeasurement;
    const source = measurement.exchangeSource as S;
    let route: string | undefined;
    let responseBytes: number | undefined;
    const answered = this.headersSent;
    try {
      route = reader.route(source);
      if (answered && metrics.responseSize) {
        const length = reader.contentLength ? reader.contentLength(source) : this.getHeader('content-length');
        responseBytes = responseBodyBytes(length, this.statusCode);
      }
    } catch (error) {
      reportInstrumentationFailure(metrics.duration.name, error);
    }
    measurement.end(route, answered ? this.statusCode : undefined, responseBytes);
  }

  return (req, res, url, source) => {
    const measurement = metrics.begin(
      req.method ?? 'GET',
      url,
      metrics.requestSize ? requestBodyBytes(req) : undefined,
      metrics.takesTraceExemplars ? traceparentOf(req) : undefined,
      req,
    );
    if (measurement === undefined) return;
    try {
      measurement.exchangeSource = source;
      (res as unknown as Record<symbol, unknown>)[measurementKey] = measurement;
      res.on('close', onClose);
    } catch (error) {
      reportInstrumentationFailure(metrics.duration.name, error);
    }
  };
}
