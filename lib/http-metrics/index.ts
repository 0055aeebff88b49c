export * from './client';
export { type ExpressHttpMetricsMiddleware, type ExpressRequestLike, expressHttpMetrics } from './express';
export {
  addFastifyHttpMetrics,
  type FastifyHooksLike,
  type FastifyHttpMetricsOptions,
  type FastifyReplyLike,
  type FastifyRequestLike,
  fastifyHttpMetrics,
} from './fastify';
export {
  type HonoContextLike,
  type HonoHttpMetricsMiddleware,
  type HonoRequestLike,
  type HonoRouteLike,
  honoHttpMetrics,
} from './hono';
export { HttpMetrics, NO_RESPONSE_STATUS, type RequestEnd, UNMATCHED_ROUTE } from './http-metrics';
export { type KoaExchangeLike, type KoaHttpMetricsMiddleware, koaHttpMetrics } from './koa';
export type { HttpMetricsSource } from './node-exchange';
export { setRoute, withHttpMetrics } from './node-http';
export type { HttpMetricsOptions, SizeMetricOptions } from './options';
export type { OtlpTranslationStrategy } from './semconv/semconv-naming';
