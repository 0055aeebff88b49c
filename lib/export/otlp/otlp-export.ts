import type { Registry } from '../../core';
import type { InfoFamily, LabelSet, MetricFamily } from '../../model';
import type { EncodedPayload } from '../delivery';
import type { DeltaTracker } from './delta';
import { encodeOtlpJson } from './encode-json';
import { OtlpProtobufEncoder } from './encode-protobuf';
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
 * Collects a registry and encodes it for delivery, one push after another:
 * each body, its data points (what the queue counts) and its content type.
 * In protobuf, cumulative exports are written straight from the collected
 * families, and each reuses what the previous one wrote; with a delta
 * tracker, or in JSON, the export is mapped first.
 */
export class OtlpPayloadEncoder {
  private readonly protobuf: OtlpProtobufEncoder | undefined;

  constructor(
    readonly encoding: OtlpEncoding,
    private readonly delta?: DeltaTracker,
  ) {
    this.protobuf = encoding === 'protobuf' ? new OtlpProtobufEncoder() : undefined;
  }

  /** Collects `registry` and encodes it, with its default labels, at the time the collection ended. */
  async collect(registry: Registry<any>, env: ResourceEnvironment): Promise<EncodedPayload> {
    const families = await registry.collect();
    const context = { timeMs: Date.now(), defaultLabels: registry.defaultLabels, env, delta: this.delta };
    const headers = { 'content-type': OTLP_CONTENT_TYPE[this.encoding] };
    if (this.protobuf !== undefined && this.delta === undefined) {
      const targetInfo = families.find(isTargetInfo);
      const head = { resource: resourceOf(targetInfo, env), scopeName: OTLP_SCOPE_NAME };
      const mapping = { timeMs: context.timeMs, defaultLabels: labelSetOf(context.defaultLabels) };
      const { body, dataPoints } = this.protobuf.encodeFamilies(head, families, mapping);
      return { body, samples: dataPoints, headers };
    }
    const data = otlpExportOf(families, context);
    const body = this.protobuf ? this.protobuf.encode(data).body : encodeOtlpJson(data);
    return { body, samples: dataPointsOf(data), headers };
  }
}
