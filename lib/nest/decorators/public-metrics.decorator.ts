import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { PUBLIC_METRICS_KEY } from '../metrics.constants';

/** Marks a controller or handler as the metrics endpoint; the built-in controller carries it. */
export const PublicMetrics = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_METRICS_KEY, true);

/**
 * For an application's global auth guard: true when the request goes to the
 * metrics endpoint, which has its own protection (or none by choice).
 */
export function isPublicMetricsRoute(context: ExecutionContext): boolean {
  const marked = (target: object) => Reflect.getMetadata(PUBLIC_METRICS_KEY, target) === true;
  return marked(context.getHandler()) || marked(context.getClass());
}
