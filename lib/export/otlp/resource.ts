import { MetricConfigError } from '../../core/validation';
import type { InfoFamily, LabelSet, MetricFamily } from '../../model';

/** Where the resource comes from besides the registry: the OpenTelemetry SDK's environment variables. */
export interface ResourceEnvironment {
  readonly OTEL_SERVICE_NAME?: string;
  readonly OTEL_RESOURCE_ATTRIBUTES?: string;
}

/** The name the OpenTelemetry SDK gives a service that set none. */
export const UNKNOWN_SERVICE_NAME = 'unknown_service:node';

/** The OpenMetrics family (`target_info`) that describes the target: in OTLP, the resource. */
export function isTargetInfo(family: MetricFamily): family is InfoFamily {
  return family.type === 'info' && family.name === 'target';
}

/**
 * `OTEL_RESOURCE_ATTRIBUTES` as the OpenTelemetry SDK reads it: `key=value`
 * pairs separated by commas, values percent-decoded. A malformed list is
 * refused whole, as the SDK does, with an error saying which pair is wrong.
 */
export function parseResourceAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key === '') {
      throw new MetricConfigError(`OTEL_RESOURCE_ATTRIBUTES: "${pair}" is not a key=value pair`);
    }
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new MetricConfigError(
        `OTEL_RESOURCE_ATTRIBUTES: the value of "${key}" is not valid percent-encoding`,
      );
    }
    attributes.set(key, value);
  }
  return attributes;
}

/**
 * The resource of an export: the environment's attributes (service.name from
 * `OTEL_SERVICE_NAME`, else from `OTEL_RESOURCE_ATTRIBUTES`, else the SDK's
 * `unknown_service:node`), then the registry's `target_info` labels, which win:
 * what a scrape shows as `target_info` is what a push sends as the resource.
 */
export function resourceOf(targetInfo: InfoFamily | undefined, env: ResourceEnvironment): LabelSet {
  const attributes = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) attributes.set('service.name', serviceName);
  else if (!attributes.has('service.name')) attributes.set('service.name', UNKNOWN_SERVICE_NAME);
  const point = targetInfo?.points[0];
  if (point)
    for (let i = 0; i < point.labelNames.length; i++)
      attributes.set(point.labelNames[i], point.labelValues[i]);
  return { labelNames: [...attributes.keys()], labelValues: [...attributes.values()] };
}
