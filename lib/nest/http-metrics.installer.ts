import type { HttpServer } from '@nestjs/common';
import {
  addFastifyHttpMetrics,
  expressHttpMetrics,
  type FastifyHooksLike,
  type HttpMetrics,
} from '../http-metrics';

/**
 * Hooks the app's HTTP request recorder into its platform, with promkit's
 * Express middleware or Fastify hook. Must run before routes are registered
 * (the module does it from `configure`), so every request, 404s and guard
 * rejections included, passes through it.
 */
export function installHttpMetrics(adapter: HttpServer | undefined, metrics: HttpMetrics): boolean {
  const type = adapter?.getType?.();
  if (adapter && type === 'express') {
    adapter.use(expressHttpMetrics(metrics));
    return true;
  }
  if (adapter && type === 'fastify') {
    addFastifyHttpMetrics(adapter.getInstance() as FastifyHooksLike, metrics);
    return true;
  }
  return false;
}
