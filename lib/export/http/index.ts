export { acceptsGzip } from './accept-encoding';
export type { MetricsAuth } from './auth';
export {
  type FastifyInstanceLike,
  type FastifyMetricsOptions,
  fastifyMetrics,
  type HandlerOptions,
  type KoaContextLike,
  type KoaMetricsOptions,
  koaMetricsMiddleware,
  metricsHandler,
} from './handlers';
export { requestedNames } from './query-names';
export {
  type ScrapeRequest,
  type ScrapeResponse,
  type ScrapeResponseOptions,
  scrapeResponse,
} from './scrape-response';
export { type HttpServerHandle, type HttpServerOptions, startHttpServer } from './server';
