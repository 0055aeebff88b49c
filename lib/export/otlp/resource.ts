import { otelResourceAttributes, UNKNOWN_SERVICE_NAME } from '../../core';
import type { InfoFamily, LabelSet, MetricFamily } from '../../model';

/** Where the resource comes from besides the registry: the OpenTelemetry SDK's environment variables. */
export type ResourceEnvironment = Readonly<Record<string, string | undefined>>;

/** The OpenMetrics family (`target_info`) that describes the target: in OTLP, the resource. */
export function isTargetInfo(family: MetricFamily): family is InfoFamily {
  return family.type === 'info' && family.name === 'target';
}

/**
 * The resource of an export: the environment's attributes as every promkit
 * push reads them (service.name from `OTEL_SERVICE_NAME`, else from
 * `OTEL_RESOURCE_ATTRIBUTES`, else the SDK's `unknown_service:node`), then the
 * registry's `target_info` labels, which win: what a scrape shows as
 * `target_info` is what a push sends as the resource.
 */
export function resourceOf(targetInfo: InfoFamily | undefined, env: ResourceEnvironment): LabelSet {
  const attributes = otelResourceAttributes(env);
  if (!attributes.has('service.name')) attributes.set('service.name', UNKNOWN_SERVICE_NAME);
  const point = targetInfo?.points[0];
  if (point) {
    const { labelNames, labelValues } = point;
    for (let i = 0; i < labelNames.length; i++) attributes.set(labelNames[i], labelValues[i]);
  }
  return { labelNames: [...attributes.keys()], labelValues: [...attributes.values()] };
}
