import { nodeBuiltin, otelResourceAttributes, targetInfoFamily, UNKNOWN_SERVICE_NAME } from '../../core';
import type { MetricFamily } from '../../model';

/**
 * Who the pushed series come from, as Prometheus' OTLP receiver names an
 * OpenTelemetry resource: `job` is `service.namespace/service.name` (or just
 * the name), `instance` is `service.instance.id`, and the resource's other
 * attributes go to `target_info`. A scrape gives the same series `job` and
 * `instance` from the scrape configuration, so set them to what the scrape
 * would use when an app is both scraped and pushing.
 */
export interface RemoteWriteIdentity {
  readonly job: string;
  readonly instance: string;
  /** The `target_info` family to send, when the resource has attributes beyond the service's identity. */
  readonly targetInfo: MetricFamily | undefined;
}

const IDENTITY_ATTRIBUTES = new Set(['service.name', 'service.namespace', 'service.instance.id']);

/** An attribute key as a Prometheus label name, as the OTLP receiver writes it (`host.name` → `host_name`). */
function labelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `key_${name}` : name;
}

export function resolveIdentity(
  options: { readonly job?: string; readonly instance?: string },
  env: NodeJS.ProcessEnv = process.env,
): RemoteWriteIdentity {
  const attributes = otelResourceAttributes(env);
  const service = attributes.get('service.name') ?? UNKNOWN_SERVICE_NAME;
  const namespace = attributes.get('service.namespace');
  const job = options.job ?? (namespace ? `${namespace}/${service}` : service);
  const instance =
    options.instance ??
    attributes.get('service.instance.id') ??
    nodeBuiltin(
      'node:os',
      // Workers have no host name: the message says how else to name the instance.
      'Remote Write with neither an instance option nor service.instance.id in OTEL_RESOURCE_ATTRIBUTES (the instance then defaults to the host name)',
    ).hostname();
  const info: Record<string, string> = {};
  for (const [key, value] of attributes) if (!IDENTITY_ATTRIBUTES.has(key)) info[labelName(key)] = value;
  const targetInfo = Object.keys(info).length === 0 ? undefined : targetInfoFamily(info);
  return { job, instance, targetInfo };
}
