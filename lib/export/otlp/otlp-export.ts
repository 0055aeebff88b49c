import type { Registry } from '../../core';
import type { InfoFamily, LabelSet, MetricFamily } from '../../model';
import type { EncodedPayload } from '../delivery';
import type { DeltaTracker } from './delta';
import { encodeOtlpJson } from './encode-json';
import { encodeOtlpProtobuf } from './encode-protobuf';
import { otlpMetric } from './map-families';
import type { OtlpExport, OtlpMetric } from './otlp-data';
import { isTargetInfo, type ResourceEnvironment, resourceOf } from './resource';

/** The instrumentation scope every metric is sent under. */
export const OTLP_SCOPE_NAME = 'promkit';

export type OtlpEncoding = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

function labelSetOf(labels: Readonly<Record<string, string>>): LabelSet | undefined {
  const names = Object.keys(labels);
  return names.length ? { labelNames: names, labelValues: names.map((n) => labels[n]) } : undefined;
}

/**
 * One collection of the registry as an OTLP export: `target_info` becomes the
 * resource (over the OpenTelemetry environment variables), every other family
 * a metric; with a tracker, monotonic sums and histograms become deltas.
 */
export function otlpExportOf(
  families: readonly MetricFamily[],
  context: {
    readonly timeMs: number;
    readonly defaultLabels: Readonly<Record<string, string>>;
    readonly env: ResourceEnvironment;
    readonly delta?: DeltaTracker;
  },
): OtlpExport {
  let targetInfo: InfoFamily | undefined;
  const metrics: OtlpMetric[] = [];
  const mapping = { timeMs: context.timeMs, defaultLabels: labelSetOf(context.defaultLabels) };
  for (const family of families) {
    if (isTargetInfo(family)) targetInfo = family;
    else if (family.points.length > 0) metrics.push(otlpMetric(family, mapping));
  }
  return {
    resource: resourceOf(targetInfo, context.env),
    scopeName: OTLP_SCOPE_NAME,
    metrics: context.delta ? context.delta.toDelta(metrics) : metrics,
  };
}

/** The data points of an export (what the delivery queue counts as samples). */
export function dataPointsOf(data: OtlpExport): number {
  let n = 0;
  for (const m of data.metrics) n += m.points.length;
  return n;
}

/**
 * An export encoded for delivery: its body, its data points (what the queue
 * counts) and its content type. `sizeHint`: about how many bytes the body
 * takes (the previous one's size), so the buffer is not grown while writing.
 */
export function otlpPayload(data: OtlpExport, encoding: OtlpEncoding, sizeHint?: number): EncodedPayload {
  return {
    body: encoding === 'json' ? encodeOtlpJson(data) : encodeOtlpProtobuf(data, sizeHint),
    samples: dataPointsOf(data),
    headers: { 'content-type': OTLP_CONTENT_TYPE[encoding] },
  };
}

/** Collects `registry` and maps it, with its default labels, at the time the collection ended. */
export async function collectOtlp(
  registry: Registry<any>,
  env: ResourceEnvironment,
  delta?: DeltaTracker,
): Promise<OtlpExport> {
  const families = await registry.collect();
  return otlpExportOf(families, { timeMs: Date.now(), defaultLabels: registry.defaultLabels, env, delta });
}
