import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from '../../core';
import { getDefaultRegistry } from '../../core';
import type { ScrapeResponseOptions } from './endpoint-options';
import { answerScrape, scrapeRequestOf } from './node-adapter';
import { type ScrapeResponse, scrapeResponder } from './scrape-response';

export type HandlerOptions = ScrapeResponseOptions;

/**
 * A request handler for node:http and Express (`app.get('/metrics', metricsHandler())`).
 * It answers every request it is given; routing is the framework's job.
 */
export function metricsHandler(
  registry: Registry<any> = getDefaultRegistry(),
  options: HandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const respond = scrapeResponder(registry, options);
  return (req, res) => answerScrape(respond, req, res);
}

/** The parts of a Koa context the middleware uses (kept structural: Koa is not a dependency). */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly path: string;
  readonly method: string;
  status: number;
  body: unknown;
  set(headers: Record<string, string>): void;
}

export interface KoaMetricsOptions extends ScrapeResponseOptions {
  /** Default `/metrics`; other paths pass to the next middleware. */
  readonly path?: string;
}

/** A Koa middleware that serves a registry's metrics (at `/metrics` unless another path is given). */
export function koaMetricsMiddleware(
  registry: Registry<any> = getDefaultRegistry(),
  options: KoaMetricsOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  const path = options.path ?? '/metrics';
  const respond = scrapeResponder(registry, options);
  return async (ctx, next) => {
    if (ctx.path !== path) {
      await next();
      return;
    }
    const response = await respond(scrapeRequestOf(ctx.req));
    ctx.status = response.status;
    ctx.set(response.headers);
    // Koa answers HEAD without a body itself; setting an empty one would reset Content-Length.
    if (ctx.method !== 'HEAD') ctx.body = response.body;
  };
}

/** The parts of a Fastify instance and reply the plugin uses (structural, as above). */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(headers: Record<string, string>): FastifyReplyLike;
  send(body: Buffer): unknown;
}

export interface FastifyInstanceLike {
  route(route: {
    method: string | string[];
    url: string;
    handler: (request: { raw: IncomingMessage }, reply: FastifyReplyLike) => Promise<unknown>;
  }): unknown;
}

export interface FastifyMetricsOptions extends ScrapeResponseOptions {
  readonly registry?: Registry<any>;
  /** Default `/metrics`. */
  readonly path?: string;
}

function sendFastify(reply: FastifyReplyLike, response: ScrapeResponse): unknown {
  return reply.code(response.status).headers(response.headers).send(response.body);
}

/** Fastify plugin: `app.register(fastifyMetrics, { registry, path })`. */
export async function fastifyMetrics(app: FastifyInstanceLike, options: FastifyMetricsOptions = {}) {
  const respond = scrapeResponder(options.registry ?? getDefaultRegistry(), options);
  app.route({
    method: 'GET',
    url: options.path ?? '/metrics',
    handler: async (request, reply) => sendFastify(reply, await respond(scrapeRequestOf(request.raw))),
  });
}
