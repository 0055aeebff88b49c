import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Get, Inject, NotFoundException, Optional, Req, Res } from '@nestjs/common';
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

  constructor(
    @Inject(METRICS_MODULE_OPTIONS) protected readonly options: ResolvedMetricsOptions,
    @Inject(HttpAdapterHost) protected readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get()
  async scrape(@Req() request: PlatformRequest, @Res() response: unknown): Promise<void> {
    // A scrape is no HTTP request of the app's, wherever a global prefix or version serves it.
    this.httpMetrics?.forget(request.raw ?? request);
    // With a separate metrics port the app serves none: one rule, whoever set the port.
    if (this.options.port !== undefined) throw new NotFoundException();
    this.send(response, await this.render(request));
  }

  protected render(request: PlatformRequest): Promise<ScrapeResponse> {
    const { scraped, gzip, openMetrics, auth, maxInFlight } = this.options;
    this.respond ??= scrapeResponder(scraped, { gzip, openMetrics, auth, maxInFlight });
    return this.respond({
      accept: request.headers.accept,
      acceptEncoding: request.headers['accept-encoding'],
      authorization: request.headers.authorization,
      url: request.url,
      method: request.method,
    });
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

function isNodeResponse(response: unknown): response is ServerResponse {
  return typeof (response as ServerResponse).writeHead === 'function';
}
