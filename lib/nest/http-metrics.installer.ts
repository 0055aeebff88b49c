import type { HttpServer } from '@nestjs/common';
import {
  addFastifyHttpMetrics,
  expressHttpMetrics,
  type FastifyHooksLike,
  type HttpMetrics,
} from '../http-metrics';

/** Recorders already hooked in: every module importing MetricsModule configures, the recorder goes in once. */
const installed = new WeakSet<HttpMetrics>();

/**
 * Hooks the app's HTTP request recorder into its platform, with promkit's
 * Express middleware or Fastify hook, once however many modules import
 * MetricsModule. Must run before routes are registered (the module does it
 * from `configure`), so every request, 404s and guard rejections included,
 * passes through it.
 */
export function installHttpMetrics(adapter: HttpServer | undefined, metrics: HttpMetrics): boolean {
  if (installed.has(metrics)) return true;
  const type = adapter?.getType?.();
  if (adapter && type === 'express') {
    adapter.use(expressHttpMetrics(metrics));
  } else if (adapter && type === 'fastify') {
    addFastifyHttpMetrics(adapter.getInstance() as FastifyHooksLike, metrics);
  } else {
    return false;
  }
  installed.add(metrics);
  return true;
}
