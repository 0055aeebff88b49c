import type { InfoFamily } from '../model';
import { labelValueToString } from './labels';
import { assertLabelNames } from './validation';

/** The OpenMetrics `target_info` family: facts about the target, exposed as `target_info{...} 1`. */
export function targetInfoFamily(labels: Record<string, string | number>): InfoFamily {
  const names = assertLabelNames('target_info', Object.keys(labels));
  return {
    name: 'target',
    help: 'Target metadata',
    type: 'info',
    points: [
      { labelNames: names, labelValues: names.map((n) => labelValueToString('target_info', n, labels[n])) },
    ],
  };
}

/** OpenTelemetry's name for a service nobody named. */
export const UNKNOWN_SERVICE_NAME = 'unknown_service:node';

/**
 * The OpenTelemetry resource the environment describes, as every promkit push
 * reads it (Remote Write's identity, OTLP's resource): `OTEL_RESOURCE_ATTRIBUTES`
 * (`key=value` pairs separated by commas, values percent-encoded; a pair
 * without a key or value is skipped), then `service.name` from `OTEL_SERVICE_NAME`.
 */
export function otelResourceAttributes(env: NodeJS.ProcessEnv): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const pair of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // A malformed escape is kept as written rather than losing the attribute.
    }
    if (key !== '' && value !== '') attributes.set(key, value);
  }
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) attributes.set('service.name', serviceName);
  return attributes;
}
