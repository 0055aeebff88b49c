import { otelResourceAttributes } from '../../core';

/** Made at most once per process: a warm container keeps it across invocations, a cold start gets a new one. */
let generated: string | undefined;

/**
 * This process's `service.instance.id`: the one `OTEL_RESOURCE_ATTRIBUTES`
 * sets, else a random UUID made once per process. A function's containers
 * share a host name, so pushed counters need this to stay one cumulative
 * series per container (and `rate()` to see each container's resets).
 */
export function serverlessInstanceId(env: NodeJS.ProcessEnv = process.env): string {
  return (
    otelResourceAttributes(env).get('service.instance.id') ?? (generated ??= globalThis.crypto.randomUUID())
  );
}

/**
 * Makes `serverlessInstanceId()` this process's `service.instance.id` in
 * `OTEL_RESOURCE_ATTRIBUTES` (unless it sets one already), where every push
 * reads its identity: Remote Write's `instance` label, OTLP's resource. Call
 * it before `startRemoteWrite` or `startOtlpPush`; returns the id.
 */
export function useServerlessInstanceId(env: NodeJS.ProcessEnv = process.env): string {
  const id = serverlessInstanceId(env);
  if (!otelResourceAttributes(env).has('service.instance.id')) {
    const pair = `service.instance.id=${encodeURIComponent(id)}`;
    env.OTEL_RESOURCE_ATTRIBUTES = env.OTEL_RESOURCE_ATTRIBUTES
      ? `${env.OTEL_RESOURCE_ATTRIBUTES},${pair}`
      : pair;
  }
  return id;
}
