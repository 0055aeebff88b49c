import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMetrics } from './http-metrics';
import { type ExchangeReader, exchangeMeasurer, type HttpMetricsSource, recorderFrom } from './node-exchange';
import type { HttpMetricsOptions } from './options';

/** The parts of a Fastify request and reply the hook reads (structural: Fastify is not a dependency). */
export interface FastifyRequestLike {
  readonly url: string;
  readonly raw: IncomingMessage;
  readonly routeOptions?: { readonly url?: string };
}

export interface FastifyReplyLike {
  readonly raw: ServerResponse;
  readonly request: FastifyRequestLike;
  getHeader(name: string): unknown;
}

export interface FastifyHooksLike {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void) => void,
  ): unknown;
}

/**
 * Fastify has routed before `onRequest` (the not-found handler has no route
 * URL), and keeps the headers it sends on the reply, not the raw response.
 */
const FASTIFY: ExchangeReader<FastifyReplyLike> = {
  route: (reply) => reply.request.routeOptions?.url,
  contentLength: (reply) => reply.getHeader('content-length') as number | string | undefined,
};

/**
 * Adds the measuring hook to a Fastify instance directly, for code that
 * holds the root instance (the plugin below is the usual way).
 */
export function addFastifyHttpMetrics(instance: FastifyHooksLike, source?: HttpMetricsSource): HttpMetrics {
  const metrics = recorderFrom(source);
  const measure = exchangeMeasurer(metrics, FASTIFY);
  instance.addHook('onRequest', (request, reply, done) => {
    measure(request.raw, reply.raw, request.url, reply);
    done();
  });
  return metrics;
}

/** Plugin options: a recorder to share, or the options of a new one. */
export type FastifyHttpMetricsOptions = HttpMetricsOptions & { readonly metrics?: HttpMetrics };

async function plugin(instance: FastifyHooksLike, options: FastifyHttpMetricsOptions = {}): Promise<void> {
  addFastifyHttpMetrics(instance, options.metrics ?? options);
}

/**
 * Fastify plugin: `app.register(fastifyHttpMetrics, { excludePaths: ['/health'] })`.
 * Not encapsulated (as `fastify-plugin` would mark it), so its hook sees the
 * requests of every route and of the not-found handler, wherever they are
 * registered.
 */
export const fastifyHttpMetrics: typeof plugin = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'promkit-http-metrics',
});
