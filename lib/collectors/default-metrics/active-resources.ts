import type { MetricFamily } from '../../model';
import { countBy, type DefaultMetricSource, type DefaultMetricsContext } from './context';

/** Node's undocumented but long-standing introspection calls; checked before use. */
interface NodeInternals {
  _getActiveHandles?: () => unknown[];
  _getActiveRequests?: () => unknown[];
}

const internals = process as unknown as NodeInternals;

const constructorName = (item: unknown): string | undefined =>
  (item as { constructor?: { name?: string } } | null)?.constructor?.name || undefined;

/**
 * What keeps the event loop busy, per type and in total: libuv handles and
 * requests (grouped by C++ class name) and async resources (grouped by type).
 */
/** Which of the three the runtime truly measures (see runtime-support.ts). */
export interface ActiveResourceParts {
  readonly handles: boolean;
  readonly requests: boolean;
  readonly resources: boolean;
}

export function activeResources(ctx: DefaultMetricsContext, parts: ActiveResourceParts): DefaultMetricSource {
  const measured = [
    parts.handles && 'nodejs_active_handles',
    parts.requests && 'nodejs_active_requests',
    parts.resources && 'nodejs_active_resources',
  ].filter((name): name is string => name !== false);
  const breakdown = (
    base: string,
    help: string,
    totalHelp: string,
    counts: Map<string, number>,
    total: number,
  ) => [ctx.gaugeBy(base, help, 'type', counts), ctx.gauge(`${base}_total`, totalHelp, total)];
  return {
    describe: () =>
      ctx.sampleNames(measured.flatMap((n) => [['gauge', n] as const, ['gauge', `${n}_total`] as const])),
    collect: () => {
      const families: MetricFamily[] = [];
      const handles = parts.handles ? internals._getActiveHandles?.() : undefined;
      if (handles) {
        families.push(
          ...breakdown(
            'nodejs_active_handles',
            'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.',
            'Total number of active handles.',
            countBy(handles, constructorName),
            handles.length,
          ),
        );
      }
      const requests = parts.requests ? internals._getActiveRequests?.() : undefined;
      if (requests) {
        families.push(
          ...breakdown(
            'nodejs_active_requests',
            'Number of active libuv requests grouped by request type. Every request type is C++ class name.',
            'Total number of active requests.',
            countBy(requests, constructorName),
            requests.length,
          ),
        );
      }
      if (!parts.resources) return families;
      const resources = process.getActiveResourcesInfo();
      families.push(
        ...breakdown(
          'nodejs_active_resources',
          'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
          'Total number of active resources.',
          countBy(resources, (type) => type),
          resources.length,
        ),
      );
      return families;
    },
  };
}
