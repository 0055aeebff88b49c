export { acceptsGzip } from './accept-encoding';
export type { MetricsAuth } from './auth';
export {
  isPort,
  METRICS_SERVER_OPTION_RULES,
  type MetricsServerOptions,
  type MetricsServerTls,
  type ScrapeResponseOptions,
} from './endpoint-options';
export { type FetchHandlerOptions, metricsFetchHandler } from './fetch-handler';
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
  DEFAULT_MAX_IN_FLIGHT,
  type ScrapeRequest,
  type ScrapeResponse,
  scrapeResponder,
  scrapeResponse,
} from './scrape-response';
export { type HttpServerHandle, type HttpServerOptions, startHttpServer } from './server';
