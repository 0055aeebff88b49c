import type { LabelSet } from '../../model';
import type { OtlpBuckets, OtlpExemplar, OtlpExport, OtlpMetric } from './otlp-data';
import { TEMPORALITY } from './otlp-data';
import { nanosText } from './unix-nanos';

/**
 * An `ExportMetricsServiceRequest` in OTLP/JSON: proto3's JSON mapping with
 * OTLP's own rules (lowerCamelCase names, enums as numbers, trace and span ids
 * as hex), 64-bit integers as decimal strings, NaN and infinities as strings.
 */

type Json = Record<string, unknown>;

function double(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function attributes(labels: LabelSet): Json[] {
  const { labelNames, labelValues } = labels;
  const out: Json[] = [];
  for (let i = 0; i < labelNames.length; i++)
    out.push({ key: labelNames[i], value: { stringValue: labelValues[i] } });
  return out;
}

function times(p: { startMs?: number; timeMs: number }, into: Json): Json {
  if (p.startMs !== undefined) into.startTimeUnixNano = nanosText(p.startMs);
  into.timeUnixNano = nanosText(p.timeMs);
  return into;
}

function exemplars(list: readonly OtlpExemplar[] | undefined): Json[] | undefined {
  return list?.map((e) => {
    const out: Json = { filteredAttributes: attributes(e.attributes), asDouble: double(e.value) };
    if (e.timeMs !== undefined) out.timeUnixNano = nanosText(e.timeMs);
    if (e.spanId) out.spanId = Buffer.from(e.spanId).toString('hex');
    if (e.traceId) out.traceId = Buffer.from(e.traceId).toString('hex');
    return out;
  });
}

function buckets(b: OtlpBuckets): Json {
  return { offset: b.offset, bucketCounts: b.counts.map(String) };
}

function metricJson(m: OtlpMetric): Json {
  // Empty strings are left out, as protobuf leaves out a field at its default.
  const out: Json = { name: m.name };
  if (m.description) out.description = m.description;
  if (m.unit) out.unit = m.unit;
  switch (m.kind) {
    case 'gauge':
    case 'sum': {
      const dataPoints = m.points.map((p) =>
        times(p, {
          attributes: attributes(p.attributes),
          asDouble: double(p.value),
          exemplars: exemplars(p.exemplars),
        }),
      );
      if (m.kind === 'gauge') out.gauge = { dataPoints };
      else
        out.sum = {
          dataPoints,
          aggregationTemporality: TEMPORALITY[m.temporality],
          isMonotonic: m.monotonic,
        };
      break;
    }
    case 'histogram':
      out.histogram = {
        dataPoints: m.points.map((p) =>
          times(p, {
            attributes: attributes(p.attributes),
            count: String(p.count),
            sum: double(p.sum),
            bucketCounts: Array.from(p.bucketCounts, String),
            explicitBounds: p.explicitBounds,
            exemplars: exemplars(p.exemplars),
          }),
        ),
        aggregationTemporality: TEMPORALITY[m.temporality],
      };
      break;
    case 'exponentialHistogram':
      out.exponentialHistogram = {
        dataPoints: m.points.map((p) =>
          times(p, {
            attributes: attributes(p.attributes),
            count: String(p.count),
            sum: double(p.sum),
            scale: p.scale,
            zeroCount: String(p.zeroCount),
            zeroThreshold: double(p.zeroThreshold),
            positive: buckets(p.positive),
            negative: buckets(p.negative),
            exemplars: exemplars(p.exemplars),
          }),
        ),
        aggregationTemporality: TEMPORALITY[m.temporality],
      };
      break;
    case 'summary':
      out.summary = {
        dataPoints: m.points.map((p) =>
          times(p, {
            attributes: attributes(p.attributes),
            count: String(p.count),
            sum: double(p.sum),
            quantileValues: p.quantiles.map((q) => ({
              quantile: double(q.quantile),
              value: double(q.value),
            })),
          }),
        ),
      };
      break;
  }
  out.metadata = [{ key: 'prometheus.type', value: { stringValue: m.prometheusType } }];
  return out;
}

export function encodeOtlpJson(data: OtlpExport): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: attributes(data.resource) },
        scopeMetrics: [{ scope: { name: data.scopeName }, metrics: data.metrics.map(metricJson) }],
      },
    ],
  });
}
