import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Get, HttpException, Inject, NotFoundException, Optional, Res, StreamableFile } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type ScrapeRequest, type ScrapeResponse, scrapeResponder } from '../export';
import type { HttpMetrics } from '../http-metrics';
import { PublicMetrics } from './decorators/public-metrics.decorator';
import type { ResolvedMetricsOptions } from './interfaces/resolved-metrics-options.interface';
import { METRICS_HTTP_RECORDER, METRICS_MODULE_OPTIONS } from './metrics.constants';

/** What Express' and Fastify's request objects both offer (Fastify's wraps the node:http one as `raw`). */
interface PlatformRequest {
  headers: IncomingHttpHeaders;
  url?: string;
  method?: string;
  raw?: IncomingMessage;
}

/**
 * Serves the registry's exposition. The module mounts a subclass on the
 * configured path; extend this class to add behaviour and pass it as the
 * `controller` option.
 *
 * The answer is written to the platform response itself (`@Res()`), so
 * global interceptors that wrap or serialize results never see it.
 */
@PublicMetrics()
export class MetricsController {
  /** Injected by property, so subclasses keep their two-argument constructor. */
  @Optional()
  @Inject(METRICS_HTTP_RECORDER)
  protected readonly httpMetrics?: HttpMetrics;

  /** This endpoint's scrapes, with its cap on scrapes in flight; made at the first scrape. */
  private respond?: (request: ScrapeRequest) => Promise<ScrapeResponse>;

  /** Whether the route (a subclass's `index` maybe) has Nest send what it returns; read once. */
  private readonly passesResponseThrough: boolean =
    Reflect.getMetadata(RESPONSE_PASSTHROUGH, this.constructor, 'index') === true;

  constructor(
    @Inject(METRICS_MODULE_OPTIONS) protected readonly options: ResolvedMetricsOptions,
    @Inject(HttpAdapterHost) protected readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Writes the scrape to `response`, the platform response (Express or
   * Fastify), which leads back to its request. The route's handler, under the
   * name @willsoto/nestjs-prometheus's `PrometheusController` gave it: a
   * subclass can replace the route and call `super.index(response)`, with
   * `@Res()` or `@Res({ passthrough: true })`.
   */
  @Get()
  async index(@Res() response: unknown): Promise<StreamableFile | undefined> {
    const request = requestOf(response);
    // A scrape is no HTTP request of the app's, wherever a global prefix or version serves it.
    this.httpMetrics?.forget(request.raw ?? request);
    // With a separate metrics port the app serves none: one rule, whoever set the port.
    if (this.options.port !== undefined) throw new NotFoundException();
    const scrape = await this.render(request);
    if (this.passesResponseThrough) {
      return this.handOver(response, scrape);
    }
    this.send(response, scrape);
    return undefined;
  }

  protected render(request: PlatformRequest): Promise<ScrapeResponse> {
    // The scrape options are the module's own fields: every one of them reaches the endpoint.
    this.respond ??= scrapeResponder(this.options.scraped, this.options);
    return this.respond({
      accept: request.headers.accept,
      acceptEncoding: request.headers['accept-encoding'],
      authorization: request.headers.authorization,
      url: request.url,
      method: request.method,
    });
  }

  /**
   * For a route that passes the response through: the headers are set and
   * the body returned for Nest to send, as a file so Nest sends its bytes as
   * they are (a Buffer would be sent as JSON). Nest sends it with the route's status,
   * so a refused scrape (401, 406, 503) is thrown as an HttpException with its status.
   */
  protected handOver(response: unknown, scrape: ScrapeResponse): StreamableFile {
    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(scrape.headers)) {
      // An exception's answer has its own body and type.
      if (scrape.status !== 200 && /^content-/i.test(name)) continue;
      if (isNodeResponse(response)) response.setHeader(name, value);
      else adapter.setHeader(response, name, value);
    }
    if (scrape.status !== 200) throw new HttpException(scrape.body.toString('utf8').trim(), scrape.status);
    return new StreamableFile(scrape.body);
  }

  /**
   * Express' `res.set` rewrites Content-Type parameters, so Node's own
   * response API is used there; Fastify's reply is told headers and body.
   */
  protected send(response: unknown, scrape: ScrapeResponse): void {
    if (isNodeResponse(response)) {
      response.writeHead(scrape.status, scrape.headers);
      response.end(scrape.body);
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(scrape.headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, scrape.body, scrape.status);
  }
}

/** The request a response answers: Fastify's reply holds it as `request`, Express' and Node's response as `req`. */
function requestOf(response: unknown): PlatformRequest {
  const { request, req } = response as { request?: PlatformRequest; req?: PlatformRequest };
  const found = request ?? req;
  if (!found?.headers) {
    throw new TypeError('MetricsController.index(response) needs the platform response (Express or Fastify)');
  }
  return found;
}

/**
 * Nest's metadata for `@Res({ passthrough: true })` (its RESPONSE_PASSTHROUGH_METADATA):
 * Nest then sends what the handler returns, so the scrape is handed over, not sent.
 */
const RESPONSE_PASSTHROUGH = '__responsePassthrough__';

function isNodeResponse(response: unknown): response is ServerResponse {
  return typeof (response as ServerResponse).writeHead === 'function';
}
